/**
 * The admin dashboard at 50,000 entries, in Chromium on real (on-disk) IndexedDB: the built app
 * is served statically (the dashboard needs no server: it reads the device's copy), the page's
 * IndexedDB is filled with BENCH_ENTRIES entry records of 4 workshops plus an admin session,
 * then we time (a) opening /admin until the total is on screen: once with no row cache (reading
 * every record), then, after the app has stored its row cache, from the cache (the median), (b) changing the workshop filter until the
 * new total is on screen, (c) opening the drill-down list of one OPD. Printed, never asserted.
 */
import type { Page } from 'playwright-core';
import { builtApp } from './lib/build.ts';
import { launchProfile } from '../tests/harness/chromium.ts';
import { serveAppAndPages } from './lib/bundle.ts';
import { tempDir } from './lib/paths.ts';
import { median, report, type Row } from './lib/report.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Fill the app's database with plain merge documents (what a pull would have stored). */
async function seed(page: Page, n: number): Promise<void> {
  // tsx (esbuild keepNames) wraps named inner functions in __name(): give the page one.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(async (count) => {
    const OPD = Array.from({ length: 40 }, (_, i) => `Dinas Contoh ${i + 1}`);
    const TAHAPAN = ['Inisiatif', 'Uji Coba', 'Penerapan'];
    const URUSAN = ['Pendidikan', 'Kesehatan', 'Sosial', 'Pangan', 'Pertanahan', 'Lingkungan Hidup'];
    const stamp = (ms: number) => `${String(ms).padStart(15, '0')}-00000-bench`;
    const db: IDBDatabase = await new Promise((res, rej) => {
      const r = indexedDB.open('lumbung-inovasi');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const put = (store: string, rows: unknown[]) =>
      new Promise<void>((res, rej) => {
        const tx = db.transaction(store, 'readwrite');
        const os = tx.objectStore(store);
        for (const row of rows) os.put(row);
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
      });
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    const doc = (table: string, id: string, fields: Record<string, unknown>, at: number) => ({
      table,
      id,
      fields,
      stamps: Object.fromEntries(Object.keys(fields).map((k) => [k, stamp(at)])),
      bases: Object.fromEntries(Object.keys(fields).map((k) => [k, null])),
      updatedAt: at,
    });
    await put(
      'workshops',
      [1, 2, 3, 4].map((w) => doc('workshops', `w${w}`, { nama: `Lokakarya ${w}`, opdList: OPD }, t0)),
    );
    for (let start = 0; start < count; start += 5000) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + 5000); i++) {
        const at = t0 + (i % 900) * 86_400_000;
        rows.push(
          doc(
            'entries',
            `e${String(i).padStart(6, '0')}`,
            {
              nama: `Inovasi ${i}`,
              opd: OPD[i % 37]!,
              tahapan: TAHAPAN[i % 3]!,
              jenis: i % 2 ? 'Digital' : 'Non Digital',
              bentuk: 'Inovasi Pelayanan Publik',
              urusanUtama: URUSAN[i % 6]!,
              tematik: 'Non Tematik',
              workshopId: `w${(i % 4) + 1}`,
              createdAt: at,
              deleted: false,
              tujuan: 'Tujuan '.repeat(40),
            },
            at,
          ),
        );
      }
      await put('entries', rows);
    }
    await put('meta', [
      { key: 'adminSession', value: { username: 'bench', expiresAt: Date.now() + 86_400_000 } },
    ]);
    db.close();
  }, n);
}

async function timeUntil(page: Page, action: () => Promise<unknown>, text: RegExp): Promise<number> {
  const t0 = Date.now();
  await action();
  await page.getByText(text).first().waitFor({ timeout: 120_000 });
  return Date.now() - t0;
}

/** Until the app has stored the dashboard's row cache (its meta key appears). */
async function waitForRowCache(page: Page): Promise<number> {
  const t0 = Date.now();
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const r = indexedDB.open('lumbung-inovasi');
        r.onsuccess = () => {
          const get = r.result.transaction('meta').objectStore('meta').get('dashboardRowsUpTo');
          get.onsuccess = () => {
            r.result.close();
            resolve(get.result !== undefined);
          };
          get.onerror = () => resolve(false);
        };
        r.onerror = () => resolve(false);
      }),
    null,
    { timeout: 120_000, polling: 250 },
  );
  return Date.now() - t0;
}

async function main(): Promise<void> {
  const dist = builtApp();
  const server = await serveAppAndPages(dist, tempDir('pages'));
  const context = await launchProfile(tempDir('profile'));
  const page = await context.newPage();
  try {
    // The first visit creates the database with the app's schema.
    await page.goto(`${server.url}/entries`);
    await page.waitForLoadState('networkidle');
    await seed(page, ENTRIES);
    const total = new RegExp(`^${ENTRIES.toLocaleString('en').replace(/,/g, '[.,]?')} inovasi$`);
    const open: number[] = [];
    const filter: number[] = [];
    const drill: number[] = [];
    // The first open reads every record and builds the dashboard's row cache (dashboardRows),
    // written just after the total shows; an admin looking at the dashboard gives it those
    // seconds, so wait for it as they would, then time the opens that read the cache.
    const firstOpen = await timeUntil(page, () => page.goto(`${server.url}/admin`), total);
    const cacheMs = await waitForRowCache(page);
    for (let r = 0; r < RUNS; r++) {
      open.push(await timeUntil(page, () => page.goto(`${server.url}/admin`), total));
      filter.push(
        await timeUntil(
          page,
          () => page.getByLabel('Lokakarya').selectOption('w2'),
          new RegExp(`^${ENTRIES / 4} inovasi$`),
        ),
      );
      drill.push(
        await timeUntil(
          page,
          () => page.goto(`${server.url}/admin/entri?opd=Dinas%20Contoh%201`),
          /^\d+ inovasi$/,
        ),
      );
    }
    const rows: Row[] = [
      {
        metric: `first open /admin (read ${ENTRIES} records, aggregate, render; no row cache yet)`,
        value: firstOpen,
        unit: 'ms',
      },
      { metric: 'then the row cache written (after the total shows)', value: cacheMs, unit: 'ms' },
      {
        metric: `open /admin (read ${ENTRIES} cached rows, aggregate, render) median`,
        value: median(open),
        unit: 'ms',
      },
      { metric: 'change the workshop filter median', value: median(filter), unit: 'ms' },
      { metric: 'open the list of one OPD (page load) median', value: median(drill), unit: 'ms' },
    ];
    report('dashboard', [
      {
        title: `Admin dashboard, ${ENTRIES} entries, Chromium, ${RUNS} runs`,
        rows,
        notes: [
          'Wall time from the action to the text on screen (includes page load for the two navigations).',
        ],
      },
    ]);
  } finally {
    await context.close();
    await server.stop();
  }
}

await main();
