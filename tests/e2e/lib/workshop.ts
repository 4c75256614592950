/**
 * A workshop for the browser tests: made with the admin CLI on the real server's data directory,
 * joined the way a person does (the /join/<code> link, a name, an OPD), and synced with the
 * "Sinkronkan sekarang" button. (The same steps as sync.e2e.ts, shared here for the hand-over test.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, idbAll, syncNowButton } from './app.ts';
import { REPO } from './build.ts';

export interface JoinCodes {
  participant: string;
  facilitator: string;
}

/** `npm run admin -- create-workshop` against `dataDir`; returns the two join codes. */
export function createWorkshop(dataDir: string, nama = 'Lokakarya Uji E2E'): JoinCodes {
  const res = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO, 'src', 'server', 'admin-cli.ts'),
      'create-workshop',
      '--nama',
      nama,
      '--tanggal',
      '2026-11-27',
    ],
    { cwd: REPO, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' },
  );
  const participant = /Participant code: (\S+)/.exec(res.stdout)?.[1];
  const facilitator = /Facilitator code: (\S+)/.exec(res.stdout)?.[1];
  if (res.status !== 0 || !participant || !facilitator) {
    throw new Error(`create-workshop failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  return { participant, facilitator };
}

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
