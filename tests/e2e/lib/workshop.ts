/**
 * A workshop for the browser tests: made with the admin CLI on the real server's data directory
 * (tests/harness/workshop.ts), joined the way a person does (the /join/<code> link, a name, an
 * OPD), and synced with the "Sinkronkan sekarang" button.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, idbAll, syncNowButton } from './app.ts';

// Made by the admin CLI, as the benchmarks make theirs (tests/harness/workshop.ts).
export { createWorkshop, type JoinCodes } from '../../harness/workshop.ts';

/** Joins by link. Found by element id: the join strings load with their lazy chunk and cannot
 * be imported into Node. */
export async function joinWorkshop(page: Page, baseUrl: string, code: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/join/${code}`);
  const codeInput = page.locator('#join-code');
  if ((await codeInput.inputValue()) !== code) await codeInput.fill(code);
  await page.locator('#join-name').fill(name);
  await page.locator('form:has(#join-code) button[type="submit"]').click();
  // A participant then names their OPD; a facilitator goes straight on.
  await page.waitForFunction(
    () =>
      document.getElementById('join-opd') !== null ||
      !location.pathname.startsWith('/join') ||
      document.querySelector('[data-testid="join-done"]') !== null,
    undefined,
    { polling: 100 },
  );
  const opd = page.locator('#join-opd');
  if (await opd.count()) {
    if ((await opd.evaluate((el) => el.tagName)) === 'SELECT') await opd.selectOption({ index: 1 });
    else await opd.fill('Dinas Kesehatan');
    await page.locator('form:has(#join-opd) button[type="submit"]').click();
  }
  await page
    .waitForFunction(
      () =>
        !location.pathname.startsWith('/join') ||
        document.querySelector('[data-testid="join-done"]') !== null,
      undefined,
      { polling: 100 },
    )
    .catch(async (e: unknown) => {
      throw new Error(
        `joining did not finish; the screen says:\n${await page.locator('main').innerText()}\n${String(e)}`,
      );
    });
}

export async function outboxCount(page: Page, state: 'pending' | 'rejected'): Promise<number> {
  const rows = await idbAll<{ state: string }>(page, 'outbox');
  return rows.filter((r) => r.state === state).length;
}

/** Presses "Sinkronkan sekarang" until nothing waits in the outbox (a round may already run);
 * then no change may have been rejected. */
export async function syncUntilSent(page: Page, who: string): Promise<void> {
  await eventually(`${who}: every change sent`, async () => {
    if ((await outboxCount(page, 'pending')) === 0) return true;
    const button = await syncNowButton(page);
    if (await button.isEnabled()) await button.click();
    return false;
  });
  assert.equal(await outboxCount(page, 'rejected'), 0, `${who}: no change was rejected`);
}
