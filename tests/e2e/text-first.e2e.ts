/**
 * Issue 23 in Chromium: text goes before photos. A participant saves an entry with two photos;
 * while the photo uploads are held open (the route answers only when the test lets it), the
 * entry is already at the server, no attachment is, and the sync panel says "foto masih dikirim
 * (1 dari 2)". Released, the photos and their attachments arrive and nothing is left waiting.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { createWorkshop, joinWorkshop, outboxCount } from './lib/workshop.ts';
import type { RealServer } from './lib/real-server.ts';
import { serverRecords } from './lib/server-db.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { waitForControlled } from './lib/sw.ts';
import { makeJpeg } from './lib/images.ts';
import { eventually, fillRequired, pickPhotos, save, syncNowButton, tx, waitForThumb } from './lib/app.ts';

// Skipped only when the e2e suite runs against the static server (E2E_SERVER=static, or no
// src/server/main.ts): this test needs the real API. `npm test` and CI always run it.
if (!USE_REAL_SERVER) {
  test.skip('text first: entries reach the server while photos upload', 'E2E_SERVER=static: no real API');
} else {
  test('text first: the entry is at the server while its photos are still uploading, and the panel says so', async (t) => {
    const server = await serveApp(t, appBuild('A'));
    const dataDir = (server as RealServer).dataDir;
    const codes = createWorkshop(dataDir);
    const ctx = await openProfile(join(t.tmp, 'profile'));
    t.defer(() => ctx.close());
    const page = await firstPage(ctx);
    await page.goto(server.url + '/');
    await waitForControlled(page);
    await joinWorkshop(page, server.url, codes.participant, 'Peserta Foto');

    // Photo uploads wait here until released.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let puts = 0;
    await ctx.route('**/api/v1/blobs/**', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      puts++;
      await held;
      await route.continue();
    });

    await ctx.setOffline(true);
    await page.goto(server.url + '/entries/new');
    await fillRequired(page, 'Papan Informasi Pasar');
    await pickPhotos(page, [
      await makeJpeg(page, 'satu.jpg', 'Satu'),
      await makeJpeg(page, 'dua.jpg', 'Dua'),
    ]);
    await waitForThumb(page, 2);
    await save(page);
    await page.waitForURL((u) => u.pathname === '/entries');
    await ctx.setOffline(false);

    const button = await syncNowButton(page);
    if (await button.isEnabled()) await button.click();
    await eventually('the entry is at the server while a photo upload is held', async () => {
      return (
        puts > 0 && serverRecords(dataDir, 'entries').some((r) => r.fields.nama === 'Papan Informasi Pasar')
      );
    });
    assert.equal(serverRecords(dataDir, 'attachments').length, 0, 'no attachment before its photo');
    const state = page.getByTestId('sync-state');
    await eventually('the panel says photos are still being sent', async () =>
      ((await state.textContent()) ?? '').includes(tx('sync.photos', { n: 1, total: 2 })),
    );

    release();
    await eventually('both attachments at the server and nothing waiting', async () => {
      if (serverRecords(dataDir, 'attachments').length < 2) return false;
      return (await outboxCount(page, 'pending')) === 0;
    });
    assert.equal(await outboxCount(page, 'rejected'), 0, 'no change was rejected');
    await eventually(
      'the panel no longer speaks of photos',
      async () => !((await state.textContent()) ?? '').includes(tx('sync.photos', { n: 2, total: 2 })),
    );
  });
}
