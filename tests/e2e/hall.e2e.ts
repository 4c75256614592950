/**
 * The hall, for real (issue 18): the compiled server on HTTPS in one network namespace (the
 * laptop), Chromium in another (a phone), joined by a veth pair. The laptop silently vanishes
 * (every packet dropped, the phone's link still up) while a push is in flight, and the phone's
 * link goes down in the middle of a photo upload (TCP just stops, unlike context.setOffline);
 * both come back: the device gets everything to the server, nothing is
 * stuck, lost or duplicated. How long it took after the link came back is printed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Request } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { RealServer } from './lib/real-server.ts';
import { CHROMIUM } from '../harness/chromium.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { eventually, fillRequired, idbAll, pickPhotos, save, waitForThumb } from './lib/app.ts';
import { makeJpeg } from './lib/images.ts';
import { waitForControlled } from './lib/sw.ts';
import { createWorkshop, joinWorkshop, outboxCount, syncUntilSent } from './lib/workshop.ts';
import { changeLogCount, serverRecords } from './lib/server-db.ts';
import { LAN_HOST, makeCertificate, serverBundle } from './lib/server-bundle.ts';
import { Hall, netnsUnavailable } from './lib/netns.ts';

/** How long the Wi-Fi stays dead each time. */
const OUTAGE_MS = 4_000;

/**
 * Takes the link down as soon as the first request matching `pattern` leaves the browser (on
 * the context: a request through the service worker is seen there too), or, `silent`, makes the
 * laptop vanish before it, and brings it back OUTAGE_MS after the request left. Resolves with the time the link came back and what became of that request
 * (answered, and when, or failed, and how), so the log shows whether the outage caught it.
 */
function dropLinkDuring(
  ctx: BrowserContext,
  hall: Hall,
  pattern: RegExp,
  method: string,
  opts: { silent?: boolean } = {},
) {
  // A dead link is noticed by the browser (it goes offline and sends nothing), so a small push,
  // answered faster than `ip link` can cut it, meets a laptop that has silently gone instead.
  const down = () => (opts.silent ? hall.laptopGone() : hall.wifiDown());
  const up = () => (opts.silent ? hall.laptopBack() : hall.wifiUp());
  if (opts.silent) down();
  return new Promise<{ at: number; outcome: Promise<string> }>((resolve) => {
    const onRequest = (req: Request) => {
      if (req.method() !== method || !pattern.test(req.url())) return;
      ctx.off('request', onRequest);
      if (!opts.silent) down();
      const started = Date.now();
      const outcome = new Promise<string>((done) => {
        const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
        ctx.on('requestfinished', (r) => {
          if (r === req) done(`answered ${seconds()} s after it left`);
        });
        ctx.on('requestfailed', (r) => {
          if (r === req) done(`failed ${seconds()} s after it left: ${r.failure()?.errorText}`);
        });
      });
      setTimeout(() => {
        up();
        resolve({ at: Date.now(), outcome });
      }, OUTAGE_MS);
    };
    ctx.on('request', onRequest);
  });
}

const reason = netnsUnavailable() ?? (existsSync(CHROMIUM) ? null : 'no Chromium');
// Skipped only where network namespaces cannot be made (not root, no iproute2) or without
// Chromium; .ci/run installs iproute2 and runs as root.
if (reason) {
  test.skip('hall: a Wi-Fi that dies mid-push and mid-upload', reason);
} else {
  test(
    'hall: the link dies mid-push and mid-photo-upload and comes back; everything arrives once',
    async (t) => {
      const tls = makeCertificate(t.tmp);
      assert.ok(tls, 'openssl is needed for the hall’s certificate');
      const hall = new Hall();
      t.defer(() => hall.remove());
      const dataDir = join(t.tmp, 'server-data');
      const server = new RealServer(appBuild('A'), dataDir, {
        entry: serverBundle(),
        wrap: hall.exec(hall.laptop),
        env: { HOST: '0.0.0.0', TLS_CERT: tls.cert, TLS_KEY: tls.key },
      });
      await server.start();
      t.defer(() => server.stop());
      const codes = createWorkshop(dataDir, 'Lokakarya di Aula');
      const base = `https://${LAN_HOST}:${server.port}`;

      // Chromium inside the phone's namespace, through a wrapper Playwright can launch.
      const wrapper = join(t.tmp, 'chromium-in-phone.sh');
      writeFileSync(wrapper, `#!/bin/sh\nexec ${hall.exec(hall.phone).join(' ')} ${CHROMIUM} "$@"\n`);
      chmodSync(wrapper, 0o755);
      const ctx = await openProfile(join(t.tmp, 'profile'), {
        executablePath: wrapper,
        args: [`--host-resolver-rules=MAP ${LAN_HOST} ${hall.laptopAddress}`, '--ignore-certificate-errors'],
      });
      t.defer(() => ctx.close());
      const page = await firstPage(ctx);
      await page.goto(base + '/');
      await waitForControlled(page);
      await joinWorkshop(page, base, codes.participant, 'Peserta Aula');
      await syncUntilSent(page, 'after joining');

      // --- 1. The laptop silently gone while an entry is being pushed. ---
      await page.goto(base + '/entries/new');
      await fillRequired(page, 'Posyandu Keliling');
      const pushCut = dropLinkDuring(ctx, hall, /\/api\/v1\/sync$/, 'POST', { silent: true });
      await save(page);
      await page.waitForURL((u) => u.pathname === '/entries');
      const pushBack = await pushCut;
      await syncUntilSent(page, 'after the push outage');
      t.log(`push: the request ${await pushBack.outcome}`);
      t.log(
        `push: everything sent ${((Date.now() - pushBack.at) / 1000).toFixed(1)} s after the link came back`,
      );

      // --- 2. The link dies while a photo is being uploaded. ---
      const uploadCut = dropLinkDuring(ctx, hall, /\/api\/v1\/blobs\//, 'PUT');
      await page.goto(base + '/entries/new');
      await fillRequired(page, 'Foto Kegiatan Aula');
      await pickPhotos(page, [await makeJpeg(page, 'aula.jpg', 'Aula', 1600, 1200)]);
      await waitForThumb(page, 1);
      await save(page);
      await page.waitForURL((u) => u.pathname === '/entries');
      const uploadBack = await uploadCut;
      const [attachment] = await idbAll<{ fields: { sha256: string } }>(page, 'attachments');
      const sha = attachment!.fields.sha256;
      const blobFile = join(dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
      await eventually(
        'the photo on the server',
        async () => {
          if (existsSync(blobFile)) return true;
          const button = page.getByRole('button', { name: 'Sinkronkan sekarang', exact: true });
          if (await button.isEnabled()) await button.click();
          return false;
        },
        180_000,
      );
      await syncUntilSent(page, 'after the upload outage');
      t.log(`photo: the upload ${await uploadBack.outcome}`);
      t.log(
        `photo: on the server ${((Date.now() - uploadBack.at) / 1000).toFixed(1)} s after the link came back`,
      );

      // --- Nothing lost, nothing duplicated, nothing stuck. ---
      assert.equal(createHash('sha256').update(readFileSync(blobFile)).digest('hex'), sha, 'the whole photo');
      const entries = serverRecords(dataDir, 'entries');
      assert.deepEqual(
        entries.map((e) => e.fields.nama).sort(),
        ['Foto Kegiatan Aula', 'Posyandu Keliling'],
        'both entries on the server',
      );
      assert.equal(serverRecords(dataDir, 'attachments').length, 1, 'one attachment');
      const local = await idbAll<{ id: string }>(page, 'entries');
      assert.deepEqual(
        entries.map((e) => e.id).sort(),
        local.map((e) => e.id).sort(),
        'the same two ids as on the phone: no entry arrived twice under another id',
      );
      // A replayed push is recognised by its change ids: one more round logs nothing new.
      const logged = changeLogCount(dataDir);
      await page.getByRole('button', { name: 'Sinkronkan sekarang', exact: true }).click();
      await syncUntilSent(page, 'one more round');
      assert.equal(changeLogCount(dataDir), logged, 'nothing logged twice');
      assert.equal(await outboxCount(page, 'pending'), 0, 'nothing stuck in the outbox');
      assert.equal(await outboxCount(page, 'rejected'), 0, 'nothing rejected');
      const unsent = (await idbAll<{ uploaded: unknown }>(page, 'blobs')).filter((b) => !b.uploaded);
      assert.equal(unsent.length, 0, 'no photo left waiting for upload');
    },
    { timeoutMs: 180_000 },
  );
}
