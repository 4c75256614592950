/**
 * Autosave and list+search with 10,000 entries stored, in Chromium on real (on-disk) IndexedDB.
 * A bench page at the app's origin runs the app's own modules (bench/browser/autosave-list.ts):
 * it seeds 10,000 entries through writeRecord, then times
 *  (a) one keystroke's autosave: the form value set as the input binding sets it, then the
 *      draft write that the 300 ms debounce triggers, until IndexedDB has committed it;
 *  (b) the list: its newest page (what "Entri saya" shows first), then the full index (search,
 *      filters, count) once with no row cache and then from the row cache the app keeps, with
 *      its longest task, and searchEntries over it (200 queries).
 * Then it opens the real built app on the same data and times the first rows shown after
 * navigation, from the input event to the next frame a query typed into "Entri saya"'s search
 * box and a keystroke in the entry form, and from the keystroke to the draft committed
 * (including the debounce).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { builtApp } from './lib/build.ts';
import { bundleBenchPages, serveAppAndPages } from './lib/bundle.ts';
import { launchProfile } from '../tests/harness/chromium.ts';
import { tempDir } from './lib/paths.ts';
import { median, percentile, report, type Row } from './lib/report.ts';
import { queries } from './browser/entries.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const SAMPLES = 200;
/** Each list load reads all 10,000 records: fewer runs keep the benchmark within minutes. */
const LIST_RUNS = 10;
/** In the real UI each sample waits for a frame (search, typing) or the 300 ms debounce (commit). */
const UI_SAMPLES = 100;
const COMMIT_SAMPLES = 30;

type BenchApi = NonNullable<Window['__bench']>;

async function benchApi(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bench?.ready === true, null, { timeout: 30_000 });
}

function pRows(label: string, times: number[], budgetMs: number | null, anchor?: string): Row[] {
  const budget = budgetMs === null ? undefined : { max: budgetMs, text: `p95 ≤ ${budgetMs} ms` };
  return [
    { metric: `${label} p50`, value: median(times), unit: 'ms', decimals: 2 },
    {
      metric: `${label} p95`,
      value: percentile(times, 95),
      unit: 'ms',
      decimals: 2,
      ...(budget ? { budget } : {}),
      ...(anchor ? { anchor } : {}),
    },
  ];
}

/** In every page: note when a transaction that wrote a draft has committed (real app, no hook). */
function watchDraftCommits(): void {
  const w = window as unknown as { __draftCommits: number[] };
  w.__draftCommits = [];
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === 'drafts')
      this.transaction.addEventListener('complete', () => w.__draftCommits.push(performance.now()));
    return put.apply(this, args);
  };
}

/**
 * Per input event: `work` = until the next task (the handler, Svelte's effects and derived
 * search: what blocks typing), `frame` = until the frame after it was painted (rAF, then a task;
 * includes up to one vsync of waiting).
 */
async function typeAndMeasure(
  page: Page,
  selector: string,
  texts: string[],
  replace: boolean,
): Promise<{ work: number[]; frame: number[] }> {
  return page.evaluate(
    async ({ selector, texts, replace }) => {
      const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
      if (!el) throw new Error(`${selector} not found`);
      el.focus();
      const work: number[] = [];
      const frame: number[] = [];
      for (const t of texts) {
        el.value = replace ? t : el.value + t;
        const t0 = performance.now();
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: t }));
        // The next task (not a named helper: tsx would wrap it in __name, unknown in the page).
        await new Promise<void>((r) => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => r();
          ch.port2.postMessage(0);
        });
        work.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        frame.push(performance.now() - t0);
      }
      return { work, frame };
    },
    { selector, texts, replace },
  );
}

/** One keystroke, then wait (bounded) for the draft transaction to commit: debounce included. */
async function keystrokeToCommit(page: Page, selector: string, samples: number): Promise<number[]> {
  return page.evaluate(
    async ({ selector, samples }) => {
      const w = window as unknown as { __draftCommits: number[] };
      const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
      if (!el) throw new Error(`${selector} not found`);
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const before = w.__draftCommits.length;
        el.value += 'x';
        const t0 = performance.now();
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' }));
        const deadline = t0 + 5_000;
        while (w.__draftCommits.length === before && performance.now() < deadline)
          await new Promise((r) => setTimeout(r, 1));
        const at = w.__draftCommits[before];
        if (at !== undefined) times.push(at - t0);
      }
      return times;
    },
    { selector, samples },
  );
}

/** The real built app on the same data: "Entri saya" search box and the entry form. */
async function realApp(context: BrowserContext, url: string) {
  await context.addInitScript(watchDraftCommits);
  const page = await context.newPage();
  page.setDefaultTimeout(180_000);
  await page.goto(`${url}/entries`);
  await page.locator('[data-testid="entry-item"]').first().waitFor();
  // Navigation start → first row in the DOM, then → the exact count (full index read).
  const firstRow = await page.evaluate(() => performance.now());
  await page
    .getByTestId('entry-count')
    .filter({ hasText: /\d+ (dari|of) \d+/ })
    .waitFor();
  const fullIndex = await page.evaluate(() => performance.now());
  const qs = queries(UI_SAMPLES, 11).map((q) => q.q);
  const search = await typeAndMeasure(page, '#entry-search', qs, true);
  await page.goto(`${url}/entries/new`);
  await page.locator('#f-nama').waitFor();
  const keys = 'Mempercepat layanan antrian puskesmas dengan pendaftaran daring '
    .repeat(4)
    .slice(0, UI_SAMPLES)
    .split('');
  const typing = await typeAndMeasure(page, '#f-nama', keys, false);
  await page.waitForTimeout(600);
  const commit = await keystrokeToCommit(page, '#f-nama', COMMIT_SAMPLES);
  await page.close();
  return { search, typing, commit, firstRow, fullIndex };
}

async function main(): Promise<void> {
  const dist = builtApp();
  const pages = await bundleBenchPages(['autosave-list']);
  const server = await serveAppAndPages(dist, pages);
  const context = await launchProfile(tempDir('profile'));
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(`${server.url}/__bench/autosave-list.html`);
    await benchApi(page);

    const seeded = await page.evaluate((n) => (window.__bench as BenchApi).seed(n), ENTRIES);
    console.log(`(seeded ${seeded.stored} entries in ${(seeded.ms / 1000).toFixed(1)} s)`);
    const autosave = await page.evaluate((n) => (window.__bench as BenchApi).autosave(n), SAMPLES);
    const head = await page.evaluate((n) => (window.__bench as BenchApi).listHead(n), SAMPLES);
    const list = await page.evaluate((n) => (window.__bench as BenchApi).list(n), LIST_RUNS);
    const parts = await page.evaluate(() => (window.__bench as BenchApi).listParts());
    const search = await page.evaluate((qs) => (window.__bench as BenchApi).search(qs), queries(SAMPLES));

    const ui = await realApp(context, server.url);

    const uiRows: Row[] = [
      {
        metric: '"Entri saya" opened: navigation → first rows in the DOM (boot included)',
        value: ui.firstRow,
        unit: 'ms',
        decimals: 0,
      },
      {
        metric: '"Entri saya" opened: navigation → full index read (exact count shown)',
        value: ui.fullIndex,
        unit: 'ms',
        decimals: 0,
      },
      ...pRows(`search box: input → results computed (next task), ${UI_SAMPLES} queries`, ui.search.work, 50),
      ...pRows(
        `search box: input → results painted (next frame), ${UI_SAMPLES} queries`,
        ui.search.frame,
        50,
      ),
      ...pRows(`entry form: keystroke handled (next task), ${UI_SAMPLES} keys`, ui.typing.work, 16),
      ...pRows(`entry form: keystroke → next frame painted, ${UI_SAMPLES} keys`, ui.typing.frame, null),
      ...pRows(
        `entry form: keystroke → draft committed (incl. 300 ms debounce), ${ui.commit.length} keys`,
        ui.commit,
        500,
      ),
    ];
    const rows: Row[] = [
      { metric: 'entries stored', value: seeded.stored },
      ...pRows('autosave of one keystroke (set value → draft committed)', autosave, 16),
      ...pRows(
        `list: newest page (${head.entries} rows + their status) from IndexedDB, ${SAMPLES} runs`,
        head.times,
        50,
      ),
      {
        metric: `list: full index, first build from ${list.entries} records (no row cache yet, once)`,
        value: list.firstBuild,
        unit: 'ms',
        decimals: 0,
      },
      // No budget here, on purpose: this read runs in the background after the newest page is
      // on screen (the row above carries the list budget); its longest task is what typing feels.
      ...pRows(
        `list: full index from the row cache, ${list.entries} entries, in the background (${LIST_RUNS} runs)`,
        list.times,
        null,
      ),
      ...pRows(
        `list: full index from the row cache, its longest task (${LIST_RUNS} runs)`,
        list.longest,
        null,
      ),
      ...pRows(
        `search: searchEntries, ${SAMPLES} queries (mean ${search.meanMatches.toFixed(0)} matches)`,
        search.times,
        50,
      ),
    ];
    report(
      'autosave-list',
      [
        {
          title: `Autosave and list+search with ${ENTRIES.toLocaleString('en')} entries (Chromium, IndexedDB on disk)`,
          rows,
          notes: [
            'Autosave: the app writes a draft 300 ms after the last keystroke (AUTOSAVE_DELAY_MS); the row times the write itself (EntryForm.flush → IndexedDB commit), which is what each keystroke costs. Promise 1 (in IndexedDB within 500 ms) = debounce + this.',
            'List: the 50 ms budget is on what the person waits for, the newest page on screen; the full index (search over every entry, filters, exact count) is read after it in the background, and until then the count says so ("the 50 newest; loading the rest"). Its time is printed without a budget, its longest task beside it.',
          ],
        },
        {
          title: 'The real app on the same data (built app, input events in the page)',
          rows: uiRows,
          notes: [
            'The 500 ms budget of the last row is promise 1 of DESIGN.md (every keystroke in IndexedDB within 500 ms).',
            'Served by a static server that answers /api/ with 404 (no sync server, as in a hall without network); the app also flushes drafts before each sync attempt, which would commit some keystrokes before the debounce ends.',
            '"next task" = the input handler, Svelte effects and the derived search/list update; "next frame" adds layout, paint and up to one vsync of waiting.',
          ],
        },
        {
          title: 'Where the list load goes (one run of each read, same data)',
          rows: [
            ...Object.entries(parts).map(([metric, ms]) => ({ metric, value: ms, unit: 'ms', decimals: 1 })),
            {
              metric: 'seeding: writeRecord per entry (batches of 500)',
              value: seeded.ms / ENTRIES,
              unit: 'ms',
              decimals: 2,
            },
          ],
        },
      ],
      {
        entries: seeded.stored,
        seedMs: seeded.ms,
        samples: {
          autosave,
          head: head.times,
          list: list.times,
          longest: list.longest,
          search: search.times,
          ui,
        },
      },
    );
  } finally {
    await context.close();
    await server.stop();
  }
}

await main();
