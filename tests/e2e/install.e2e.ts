/**
 * Issue 2: the app is installable — the manifest is linked and complete, its icons are real PNGs
 * of the stated sizes, a service worker controls the page, and Chromium itself reports no
 * installability error.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { isControlled, pollPage, waitForActivatedWorker, waitForControlled } from './lib/sw.ts';
import { heading, tx } from './lib/app.ts';

interface Manifest {
  name: string;
  short_name: string;
  lang: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('installable: manifest linked with icons, worker controls the page, Chromium finds no installability error', async (t) => {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'));
  t.defer(() => context.close());
  const page = await firstPage(context);

  await page.goto(server.url + '/');
  await waitForControlled(page);
  assert.equal(await isControlled(page), true, 'a service worker controls the page');

  const href = await page.getAttribute('link[rel="manifest"]', 'href');
  assert.ok(href, 'index.html links a manifest');
  const manifest = await page.evaluate(async (u) => (await fetch(u)).json() as Promise<Manifest>, href);
  assert.equal(manifest.name, 'Lumbung Inovasi');
  assert.equal(manifest.short_name, 'Lumbung');
  assert.equal(manifest.lang, 'id');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);

  // Every icon is fetched and decoded: its real pixel size must be what the manifest says.
  const sizes = await page.evaluate(async (icons) => {
    const out: string[] = [];
    for (const icon of icons) {
      const res = await fetch(icon.src);
      const bmp = await createImageBitmap(await res.blob());
      out.push(
        `${icon.purpose ?? 'any'} ${res.headers.get('content-type')} ${bmp.width}x${bmp.height} (says ${icon.sizes})`,
      );
    }
    return out;
  }, manifest.icons);
  t.log(sizes.join('; '));
  assert.ok(sizes.includes('any image/png 192x192 (says 192x192)'), 'a 192 px icon');
  assert.ok(sizes.includes('any image/png 512x512 (says 512x512)'), 'a 512 px icon');
  assert.ok(sizes.includes('maskable image/png 512x512 (says 512x512)'), 'a maskable 512 px icon');

  // Chromium's own verdict (what decides whether it offers "Install app").
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  assert.deepEqual(
    installabilityErrors.map((e) => e.errorId),
    [],
    'Chromium reports no installability error',
  );
});

test('first visit: the worker that installs controls the very page that installed it, with no reload', async (t) => {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'), { width: 360, height: 740 });
  t.defer(() => context.close());
  const page = await firstPage(context);

  await page.goto(server.url + '/entries/new');
  await page.getByLabel(tx('label.nama')).fill('Sapa Warga');
  // A mark on this very document: a reload would wipe it.
  await page.evaluate(() => ((window as unknown as { __firstPage: boolean }).__firstPage = true));

  await waitForActivatedWorker(page);
  await pollPage(
    page,
    15_000,
    'the first page to be controlled',
    () => navigator.serviceWorker.controller !== null,
  );
  assert.equal(await isControlled(page), true, 'the installing page is controlled');
  assert.equal(
    await page.evaluate(() => (window as unknown as { __firstPage?: boolean }).__firstPage === true),
    true,
    'no reload happened',
  );
  assert.equal(
    await page.getByLabel(tx('label.nama')).inputValue(),
    'Sapa Warga',
    'what was typed is on screen',
  );

  // Controlled now means offline now: the shell comes from the worker with the server gone.
  await context.setOffline(true);
  await server.stop();
  await page.goto(server.url + '/settings');
  assert.equal(await heading(page), tx('settings.title'), 'a deep link loads offline in the first session');
});
