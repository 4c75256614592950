/**
 * Issue 2: an app update while a form is half typed. Version A is visited and a form typed;
 * the server then serves version B; the browser's update check finds it; the prompt appears;
 * "Muat ulang" flushes the draft, activates B and reloads into it; the draft is intact —
 * including the last keystrokes typed just before the click, still inside the autosave delay.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild, VERSIONS } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { checkForUpdate, pollPage, waitForControlled } from './lib/sw.ts';
import { heading, tx } from './lib/app.ts';

const appVersion = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.dataset.appVersion ?? '');

test(
  'update: the prompt appears, "Muat ulang" reloads into the new version and the half-typed draft is intact',
  async (t) => {
    const dirA = appBuild('A');
    const dirB = appBuild('B');
    const server = await serveApp(t, dirA);
    const context = await openProfile(join(t.tmp, 'profile'));
    t.defer(() => context.close());
    const page = await firstPage(context);

    await page.goto(server.url + '/entries/new');
    await waitForControlled(page);
    assert.equal(await appVersion(page), VERSIONS.A, 'version A runs');
    assert.equal(await heading(page), tx('form.titleNew'));

    await page.getByLabel(tx('label.nama')).fill('Layanan Adminduk Keliling');
    await page.getByLabel(tx('label.opd')).fill('Dinas Kependudukan');

    // Version B is deployed; the browser checks (as it does on navigation and every hour).
    server.root = dirB;
    await server.stop();
    await server.start();
    await checkForUpdate(page);
    const prompt = page.getByText(tx('pwa.updateAvailable'));
    await prompt.waitFor({ timeout: 30_000 });
    assert.equal(await appVersion(page), VERSIONS.A, 'nothing changes before the person agrees');

    // Keystrokes right before the click: still inside the autosave delay, so only the flush
    // that update() does first can save them.
    await page.getByLabel(tx('label.nama')).press('End');
    await page.getByLabel(tx('label.nama')).pressSequentially(' Plus');
    await page.getByRole('button', { name: tx('pwa.reload'), exact: true }).click();

    await pollPage(
      page,
      30_000,
      'the reload into version B',
      (v) => document.documentElement.dataset.appVersion === v,
      VERSIONS.B,
    );
    await page.waitForLoadState('load');
    assert.equal(await heading(page), tx('form.titleNew'), 'back in the form after the reload');
    assert.equal(await page.getByText(tx('pwa.updateAvailable')).count(), 0, 'the prompt is gone');

    // The draft is intact, with the last keystrokes.
    await page.getByTestId('draft-restored').waitFor();
    assert.equal(await page.getByLabel(tx('label.nama')).inputValue(), 'Layanan Adminduk Keliling Plus');
    assert.equal(await page.getByLabel(tx('label.opd')).inputValue(), 'Dinas Kependudukan');

    // And the page is now controlled by B's worker, which serves B's shell offline.
    await context.setOffline(true);
    await page.reload();
    assert.equal(await appVersion(page), VERSIONS.B, 'offline reload still gives version B');
  },
  { timeoutMs: 180_000 },
);
