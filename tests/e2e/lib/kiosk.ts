/**
 * Kiosk mode in the browser tests. Its strings load with its lazy chunk (i18n/facilitator.ts,
 * which needs the Svelte runtime), so they are spelled out here.
 */
import type { Page } from 'playwright-core';

export const KIOSK = {
  start: 'Mode kios',
  startNow: 'Mulai mode kios',
  pin: 'PIN fasilitator (4–8 angka)',
  pinRepeat: 'Ulangi PIN',
  begin: 'Mulai mengisi',
  next: 'Selesai, berikutnya',
  exit: 'Keluar dari mode kios',
  exitPin: 'PIN fasilitator',
  exitYes: 'Ya, keluar',
  title: 'Mode kios',
} as const;

/** From the facilitator's room: "Mode kios", the PIN twice, "Mulai mode kios". */
export async function startKiosk(page: Page, baseUrl: string, pin: string): Promise<void> {
  await page.goto(baseUrl + '/fasilitator');
  await page.getByRole('button', { name: KIOSK.start, exact: true }).click();
  await page.getByLabel(KIOSK.pin, { exact: true }).fill(pin);
  await page.getByLabel(KIOSK.pinRepeat, { exact: true }).fill(pin);
  await page.getByRole('button', { name: KIOSK.startNow, exact: true }).click();
  await page.locator('#kiosk-name').waitFor();
}
