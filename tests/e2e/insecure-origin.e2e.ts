/**
 * A phone at the laptop's plain http:// LAN address (issue 18): Chromium at
 * http://lumbung-lan.test:<port> (mapped to loopback), so no secure context: no service worker,
 * no crypto.subtle, no Web Locks. The notice says so; a participant still joins, saves an entry
 * with a photo (hashed by the fallback), syncs it (photo uploaded) and exports a .lumbung file;
 * a facilitator on the same insecure origin imports the file and, after syncing, holds the entry
 * and its photo. The server is the compiled bundle, as production runs it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { RealServer } from './lib/real-server.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { eventually, fillRequired, idbAll, pickPhotos, save, tx, waitForThumb } from './lib/app.ts';
import { makeJpeg } from './lib/images.ts';
import { createWorkshop, joinWorkshop, syncUntilSent } from './lib/workshop.ts';
import { serverRecords } from './lib/server-db.ts';
import { LAN_HOST, LAN_RESOLVER, serverBundle } from './lib/server-bundle.ts';

const NAMA = 'Layanan Antar Jemput Lansia';

interface LocalRecord {
  id: string;
  fields: Record<string, unknown>;
}

async function insecureOriginFacts(page: Page) {
  return page.evaluate(() => ({
    secure: window.isSecureContext,
    sw: 'serviceWorker' in navigator,
    subtle: Boolean(globalThis.crypto?.subtle),
    locks: 'locks' in navigator,
  }));
}

test(
  'insecure origin: the notice shows; an entry with a photo is saved, synced and reaches a facilitator; a .lumbung file is exported and imported',
  async (t) => {
    const dataDir = join(t.tmp, 'server-data');
    const server = new RealServer(appBuild('A'), dataDir, { entry: serverBundle() });
    await server.start();
    t.defer(() => server.stop());
    const codes = createWorkshop(dataDir, 'Lokakarya di Aula');
    const base = `http://${LAN_HOST}:${server.port}`;

    // The facilitator joins first, on the LAN address too, and opens the hand-over screen: with
    // no service worker that page must be loaded while the network is there.
    const ctxF = await openProfile(join(t.tmp, 'profile-f'), { args: [LAN_RESOLVER] });
    t.defer(() => ctxF.close());
    const f = await firstPage(ctxF);
    await f.goto(base + '/');
    await joinWorkshop(f, base, codes.facilitator, 'Fasilitator Aula');
    await f.goto(base + '/fasilitator/serah-terima');

    // --- Participant's phone on the LAN address. ---
    const ctxP = await openProfile(join(t.tmp, 'profile-p'), { args: [LAN_RESOLVER] });
    t.defer(() => ctxP.close());
    const p = await firstPage(ctxP);
    await p.goto(base + '/');
    assert.deepEqual(
      await insecureOriginFacts(p),
      { secure: false, sw: false, subtle: false, locks: false },
      'the premise: what a phone at http://192.168.x.x has',
    );
    const notice = p.getByTestId('insecure-origin');
    await notice.waitFor();
    assert.match(await notice.innerText(), new RegExp(tx('pwa.insecure.title').replace(/[()./]/g, '.')));

    await joinWorkshop(p, base, codes.participant, 'Peserta Aula');
    await p.goto(base + '/entries/new');
    await fillRequired(p, NAMA);
    await pickPhotos(p, [await makeJpeg(p, 'lansia.jpg', 'Lansia')]);
    await waitForThumb(p, 1);
    await save(p);
    await p.waitForURL((u) => u.pathname === '/entries');
    assert.ok(await notice.isVisible(), 'the notice stays on every screen');
    const [attachment] = await idbAll<LocalRecord>(p, 'attachments');
    assert.ok(attachment, 'the photo was saved with the entry');
    const photoSha = String(attachment.fields.sha256);
    assert.match(photoSha, /^[0-9a-f]{64}$/);

    await syncUntilSent(p, 'participant');
    await eventually('the photo uploaded', async () =>
      existsSync(join(dataDir, 'blobs', photoSha.slice(0, 2), photoSha.slice(2, 4), photoSha)),
    );
    const sEntries = serverRecords(dataDir, 'entries');
    assert.deepEqual(
      sEntries.map((e) => e.fields.nama),
      [NAMA],
      'the entry reached the server',
    );

    // Export the hand-over file (its checksum needs SHA-256: the fallback).
    await p.goto(base + '/settings');
    await p.getByRole('button', { name: tx('handover.export'), exact: true }).click();
    const exported = p.getByTestId('handover-exported');
    await exported.waitFor({ timeout: 20_000 });
    assert.match(
      (await exported.textContent()) ?? '',
      /: 1 entri, 1 foto\./,
      'the file holds the entry and photo',
    );
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: tx('handover.download'), exact: true }).click(),
    ]);
    const file = join(t.tmp, download.suggestedFilename());
    await download.saveAs(file);

    // --- The facilitator's laptop, on the LAN address too: offline, it imports the file. ---
    await ctxF.setOffline(true);
    await f.getByTestId('handover-file').setInputFiles(file);
    await f
      .getByTestId('handover-preview')
      .waitFor({ timeout: 20_000 })
      .catch(async (e: unknown) => {
        throw new Error(
          `no import preview; the screen says:\n${await f.locator('main').innerText()}\n${String(e)}`,
        );
      });
    assert.equal((await f.getByTestId('count-new').textContent())?.trim(), tx('handover.countNew', { n: 1 }));
    await f.getByRole('button', { name: tx('handover.apply'), exact: true }).click();
    await f.getByTestId('handover-applied').waitFor();
    const fEntries = await idbAll<LocalRecord>(f, 'entries');
    assert.deepEqual(
      fEntries.map((e) => e.fields.nama),
      [NAMA],
      'the import brought the entry',
    );
    const fBlobs = await idbAll<{ sha256: string }>(f, 'blobs');
    assert.ok(
      fBlobs.some((b) => b.sha256 === photoSha),
      'and its photo',
    );

    await ctxF.setOffline(false);
    await syncUntilSent(f, 'facilitator');
    await f.goto(base + '/fasilitator');
    await eventually('the facilitator sees the entry', async () =>
      (await f.locator('main').innerText()).includes(NAMA),
    );
    assert.equal(
      serverRecords(dataDir, 'entries').length,
      1,
      'still one entry on the server: nothing duplicated',
    );
  },
  { timeoutMs: 180_000 },
);
