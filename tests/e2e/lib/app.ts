/**
 * Driving the capture app the way a person does: by its Indonesian labels and button names,
 * taken from the app's own dictionaries (so a reworded label does not silently break a test),
 * plus a look into IndexedDB where a promise is about storage.
 */
import type { Locator, Page } from 'playwright-core';
import { DICTIONARIES } from '../../../src/app/i18n/dictionaries.ts';
import FORM from '../../../src/app/i18n/form.ts';
import HANDOVER from '../../../src/app/i18n/handover.ts';
import INDICATORS from '../../../src/app/i18n/indicators.ts';
import SETTINGS from '../../../src/app/i18n/settings.ts';
import { MESSAGES, type MessageCode } from '../../../src/core/messages.ts';
import type { FilePayload } from './images.ts';

// The shell's words and those of the lazy chunks the tests drive by label (plain data files;
// admin.ts and qr.ts carry Svelte code and are not read here).
const ID: Record<string, string> = Object.assign(
  {},
  ...[...Object.values(DICTIONARIES), FORM, HANDOVER, SETTINGS, INDICATORS].map((d) => d.id),
);

/** The Indonesian text of a UI key, with `{name}` placeholders filled. */
export function tx(key: string, vars: Record<string, string | number> = {}): string {
  const s = ID[key];
  if (s === undefined) throw new Error(`no Indonesian text for ${key}`);
  return Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{${k}}`, String(v)), s);
}

export function msg(code: MessageCode): string {
  return MESSAGES[code].id;
}

export const DB_NAME = 'lumbung-inovasi';

export async function heading(page: Page): Promise<string> {
  return (await page.locator('main h1').first().textContent({ timeout: 15_000 }))?.trim() ?? '';
}

/** Fills the short mandatory core of a new entry (first option of every required list). */
export async function fillRequired(page: Page, nama: string, opd = 'Dinas Kesehatan'): Promise<void> {
  await page.getByLabel(tx('label.nama')).fill(nama);
  await page.getByLabel(tx('label.opd')).fill(opd);
  for (const key of ['label.jenis', 'label.bentuk', 'label.urusanUtama']) {
    await page.getByLabel(tx(key)).selectOption({ index: 1 });
  }
}

/** Picks photo files with the "Pilih foto" button's input. */
export async function pickPhotos(page: Page, files: (FilePayload | string)[]): Promise<void> {
  await page.getByLabel(tx('photo.pick')).setInputFiles(files as FilePayload[] | string[]);
}

/** Waits until the n-th thumbnail (1-based) is a decoded image from IndexedDB. */
export async function waitForThumb(page: Page, n: number): Promise<{ width: number; src: string }> {
  const img = page.locator(`img[alt="${tx('photo.alt', { n })}"]`);
  await img.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(
    (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
    await img.elementHandle(),
    { polling: 100 },
  );
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, src: el.src }));
}

/** "Sinkronkan sekarang": it sits in the details the header's sync chip opens. */
export async function syncNowButton(page: Page): Promise<Locator> {
  const button = page.getByRole('button', { name: tx('sync.now'), exact: true });
  if (!(await button.isVisible())) await page.getByTestId('sync-chip').click();
  return button;
}

export async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: tx('form.save'), exact: true }).click();
}

/** Draft rows as stored (raw IndexedDB, not through the app), polled until `pred` holds. */
export async function waitForDraft(
  page: Page,
  pred: { field: string; value: string },
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await page.evaluate(
      ({ db, field, value }) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open(db);
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const conn = open.result;
            try {
              const req = conn.transaction('drafts').objectStore('drafts').getAll();
              req.onsuccess = () => {
                conn.close();
                resolve(
                  (req.result as { values: Record<string, unknown> }[]).some(
                    (d) => d.values[field] === value,
                  ),
                );
              };
              req.onerror = () => resolve(false);
            } catch {
              conn.close();
              resolve(false);
            }
          };
        }),
      { db: DB_NAME, ...pred },
    );
    if (found) return;
    if (Date.now() > end)
      throw new Error(`no draft with ${pred.field} = ${JSON.stringify(pred.value)} in IndexedDB`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when the page is wider than the viewport (a horizontal scrollbar). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Every row of an IndexedDB object store of the app, read raw (not through the app's code). */
export function idbAll<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    ({ db, store }) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(db);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const conn = open.result;
          const req = conn.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => {
            conn.close();
            resolve(req.result as T[]);
          };
          req.onerror = () => reject(new Error(String(req.error)));
        };
      }),
    { db: DB_NAME, store },
  );
}

/** Polls `check` (in Node) every 200 ms until it returns true. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
