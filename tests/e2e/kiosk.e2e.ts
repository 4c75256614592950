/**
 * Issue 25: a kiosk that only the facilitator can leave. A participant at the shared device
 * finds no way to the facilitator's room — not the header menu, not a typed URL, not Back, not
 * a reload, not "Keluar" → "Ya, keluar" — and the facilitator leaves with the PIN.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { heading, tx } from './lib/app.ts';
import { KIOSK, startKiosk } from './lib/kiosk.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import type { RealServer } from './lib/real-server.ts';
import { createWorkshop, joinWorkshop } from './lib/workshop.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';

const PIN = '482916';

async function noAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}:\n        ${formatViolations(violations)}`);
}

async function stillKiosk(page: Page, how: string): Promise<void> {
  assert.equal(await heading(page), KIOSK.title, `${how}: the kiosk is still on screen`);
  assert.equal(await page.getByText('Ruang fasilitator').count(), 0, `${how}: no facilitator room`);
}

// Skipped only when the e2e suite runs against the static server (E2E_SERVER=static, or no
// src/server/main.ts): this test needs the real API. `npm test` and CI always run it.
if (!USE_REAL_SERVER) {
  test.skip(
    'kiosk: only the facilitator leaves',
    'kiosk mode needs a facilitator joined through the real server',
  );
} else {
  test('kiosk: a participant cannot leave by menu, URL, Back, reload or "Ya, keluar"; the PIN can', async (t) => {
    const server = await serveApp(t, appBuild('A'));
    const codes = createWorkshop((server as RealServer).dataDir);
    const context = await openProfile(join(t.tmp, 'profile'));
    t.defer(() => context.close());
    const page = await firstPage(context);
    await joinWorkshop(page, server.url, codes.facilitator, 'Bu Rina');
    // The PIN form, with both of its errors, passes axe.
    await page.goto(server.url + '/fasilitator');
    await page.getByRole('button', { name: KIOSK.start, exact: true }).click();
    await page.getByRole('button', { name: KIOSK.startNow, exact: true }).click();
    await page.locator('#kiosk-pin-error').waitFor();
    await noAxeViolations(page, 'the kiosk PIN form with an error');
    await startKiosk(page, server.url, PIN);
    await noAxeViolations(page, 'the kiosk');
    await stillKiosk(page, 'kiosk started');

    // The header menu is not shown (the `hidden` attribute wins over the menu's flex layout).
    for (const key of ['nav.entries', 'nav.new', 'nav.settings', 'nav.facilitator'])
      assert.equal(
        await page.getByRole('link', { name: tx(key), exact: true }).isVisible(),
        false,
        `no "${tx(key)}" link in kiosk mode`,
      );

    // Typed URLs, Back and reload all land on the kiosk.
    for (const path of ['/fasilitator', '/entries', '/settings', '/admin', '/join']) {
      await page.goto(server.url + path);
      await stillKiosk(page, `typed ${path}`);
    }
    await page.goBack();
    await stillKiosk(page, 'Back');
    await page.reload();
    await stillKiosk(page, 'reload');

    // "Keluar" → "Ya, keluar" without the PIN, then a wrong one: still the kiosk.
    await page.getByRole('button', { name: KIOSK.exit, exact: true }).click();
    await page.getByRole('button', { name: KIOSK.exitYes, exact: true }).click();
    await page.getByText('PIN salah').waitFor();
    await page.getByLabel(KIOSK.exitPin, { exact: true }).fill('000000');
    await page.getByRole('button', { name: KIOSK.exitYes, exact: true }).click();
    await page.getByText('Sisa 3 percobaan').waitFor();
    await stillKiosk(page, 'a wrong PIN');
    await noAxeViolations(page, 'the kiosk exit with a wrong PIN');
    await page.reload();
    await stillKiosk(page, 'reload after wrong PINs');

    // The facilitator's PIN opens the room again.
    await page.getByRole('button', { name: KIOSK.exit, exact: true }).click();
    await page.getByLabel(KIOSK.exitPin, { exact: true }).fill(PIN);
    await page.getByRole('button', { name: KIOSK.exitYes, exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/fasilitator');
    assert.match(await heading(page), /^Ruang fasilitator/);
  });
}
