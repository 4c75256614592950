/**
 * Sync of 10,000 entries device → server → fresh device over loopback, in Chromium on real
 * IndexedDB, Lumbung's client engine against the real server (src/server/main.ts), and beside it
 * the reference: PouchDB in the same Chromium replicating the same entries to express-pouchdb
 * (in-memory) and into a fresh database. Time, requests and bytes on the wire (bodies + headers,
 * as Chromium reports them) per phase; the budget is the whole trip under 3 s.
 * Both devices join one workshop, made with the admin CLI on the server's data (as
 * tests/e2e/sync.e2e.ts does): the pusher with the participant code, and its entries carry that
 * workshopId and authorId = its personId; the fresh device with the facilitator code, which may
 * read every entry of the workshop (the server scopes pulls by workshop, issue 4). The joins are
 * not timed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { bundleBenchPages, benchPageHtml } from './lib/bundle.ts';
import { launchProfile } from '../tests/harness/chromium.ts';
import { ensureBenchDeps } from './lib/deps.ts';
import { freePort, HOST, waitForHttp } from './lib/net.ts';
import { BENCH_DIR, tempDir } from './lib/paths.ts';
import { cpuDelta, snapshot } from './lib/proc-cpu.ts';
import { report, type Row } from './lib/report.ts';
import { serverExists, startServer } from './lib/server.ts';
import { createWorkshop, type JoinCodes } from '../tests/harness/workshop.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const SYNC_BUDGET_MS = 3_000;
/**
 * Each side's whole trip runs this many times (fresh server, data and browser profiles each
 * time) and the table shows the run with the median total, beside every run's total: on a
 * shared 2-core machine one run moves by ±20 %, PouchDB's by more.
 */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
/**
 * BENCH_RTT_MS=<ms>: Chromium adds this round-trip latency to every request of the timed sync
 * (DevTools network emulation; Lumbung only), as on a workshop's mobile link. 0: loopback.
 */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 0);
/** BENCH_SCREENS=1: the pusher has "Entri saya" open, the fresh device the facilitator's room. */
const SCREENS = process.env.BENCH_SCREENS === '1';
/** The trip the budgets are for: loopback, no screen open (PouchDB's trip has neither either). */
const SAME_TRIP = RTT_MS === 0 && !SCREENS;

interface Wire {
  requests: number;
  bytes: number;
  /** Sum over requests of request start → response end: time spent waiting on network + server. */
  waitMs: number;
}

/** Counts the requests under `prefix` that a context makes, with their sizes on the wire. */
function countWire(context: BrowserContext, prefix: string): { wire: Wire; settle(): Promise<void> } {
  const wire: Wire = { requests: 0, bytes: 0, waitMs: 0 };
  const pending: Promise<void>[] = [];
  context.on('requestfinished', (req) => {
    if (!req.url().startsWith(prefix)) return;
    wire.requests++;
    const t = req.timing();
    if (t.responseEnd > 0) wire.waitMs += t.responseEnd - Math.max(0, t.requestStart);
    pending.push(
      req.sizes().then(
        (s) => {
          wire.bytes += s.requestHeadersSize + s.requestBodySize + s.responseHeadersSize + s.responseBodySize;
        },
        () => undefined,
      ),
    );
  });
  return { wire, settle: async () => void (await Promise.all(pending)) };
}

/**
 * With BENCH_PROFILE=<dir>, a Chromium CPU profile of the timed part of each phase is written
 * there (open it in DevTools' Performance panel). Profiling slows the page: those runs are for
 * finding costs, not for the table.
 */
async function startProfile(
  context: BrowserContext,
  page: Page,
): Promise<{ stop(name: string): Promise<void> }> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return { stop: async () => undefined };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    },
  };
}

async function openPage(context: BrowserContext, url: string, ready: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(url);
  await page.waitForFunction(
    (name) => (window as unknown as Record<string, { ready?: boolean }>)[name]?.ready === true,
    ready,
    {
      timeout: 30_000,
    },
  );
  return page;
}

type SyncApi = NonNullable<Window['__sync']>;
type PouchApi = NonNullable<Window['__pouch']>;
type SyncResult = Awaited<ReturnType<SyncApi['sync']>>;

/** CPU seconds of the page and the browser in a phase (the floor runs no server). */
function floorCpuText(cpu: ReturnType<typeof cpuDelta>): string {
  return `${cpu.renderer.toFixed(2)} / ${(cpu.browser + cpu['other chromium']).toFixed(2)}`;
}

/** CPU seconds of a phase by process: on 2 cores they compete, so this says who spent the time. */
function cpuText(cpu: ReturnType<typeof cpuDelta>): string {
  return `${cpu.server.toFixed(2)} / ${floorCpuText(cpu)}`;
}

async function lumbung(pagesDir: string): Promise<Trip> {
  writeFileSync(join(pagesDir, 'index.html'), benchPageHtml('/sync-bench.js'));
  const server = await startServer(pagesDir);
  let codes: JoinCodes;
  try {
    codes = createWorkshop(server.dataDir, 'Lokakarya Bench Sync', process.env.DATABASE_URL ?? '');
  } catch (err) {
    await server.stop();
    throw err;
  }
  const phase = async (mode: 'push' | 'pull') => {
    const context = await launchProfile(tempDir('profile'));
    try {
      const page = await openPage(context, `${server.url}/`, '__sync');
      // The pusher as a participant, the fresh device as the facilitator who reads it all.
      const who =
        mode === 'push'
          ? { code: codes.participant, name: 'Peserta Bench' }
          : { code: codes.facilitator, name: 'Fasilitator Bench' };
      const joined = await page.evaluate((w) => (window.__sync as SyncApi).join(w.code, w.name), who);
      console.log(`(lumbung ${mode}: joined workshop ${joined.workshopId} as ${joined.role})`);
      let seed = null;
      if (mode === 'push') {
        seed = await page.evaluate(([n, as]) => (window.__sync as SyncApi).seed(n, as), [
          ENTRIES,
          joined,
        ] as const);
        console.log(
          `(lumbung: seeded ${ENTRIES} entries through writeRecord in ${(seed.ms / 1000).toFixed(1)} s; outbox ${seed.outbox})`,
        );
      }
      const counter = countWire(context, `${server.url}/api/`);
      if (RTT_MS > 0) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: RTT_MS,
          downloadThroughput: -1,
          uploadThroughput: -1,
        });
      }
      const profiler = await startProfile(context, page);
      const cpuBefore = snapshot(server.child.pid ?? -1);
      const r: SyncResult = await page.evaluate(([m, w]) => (window.__sync as SyncApi).sync(m, w), [
        mode,
        SCREENS,
      ] as const);
      const cpu = cpuDelta(cpuBefore, snapshot(server.child.pid ?? -1));
      await profiler.stop(`lumbung-${mode}`);
      await counter.settle();
      return { ...r, wire: counter.wire, seed, cpu };
    } finally {
      await context.close();
    }
  };
  /** The same IndexedDB work with the bare API alone (browser/idb-floor.ts), in a fresh profile. */
  const floor = async () => {
    const context = await launchProfile(tempDir('profile'));
    try {
      const page = await openPage(context, `${server.url}/`, '__sync');
      await page.evaluate((n) => (window.__sync as SyncApi).floor.fill(n), ENTRIES);
      const step = async (name: 'push' | 'pull') => {
        const profiler = await startProfile(context, page);
        const before = snapshot(server.child.pid ?? -1);
        const ms = await page.evaluate((s) => (window.__sync as SyncApi).floor[s](), name);
        const cpu = cpuDelta(before, snapshot(server.child.pid ?? -1));
        await profiler.stop(`floor-${name}`);
        return { ms, cpu };
      };
      const push = await step('push');
      const pull = await step('pull');
      await page.evaluate(() => (window.__sync as SyncApi).floor.drop());
      return { pushMs: push.ms, pullMs: pull.ms, pushCpu: push.cpu, pullCpu: pull.cpu };
    } finally {
      await context.close();
    }
  };
  try {
    const push = await phase('push');
    const pull = await phase('pull');
    const idb = await floor();
    const problems = [push, pull].filter((p) => !p.ok).map((p) => p.error);
    if (problems.length) console.log(`(lumbung sync reported: ${problems.join(', ')})`);
    const totalMs = push.ms + pull.ms;
    const rows: Row[] = [
      { metric: 'Lumbung push: time (outbox empty)', value: push.ms / 1000, unit: 's', decimals: 2 },
      {
        metric: 'Lumbung push: requests / KB per entry',
        value: `${push.wire.requests} / ${(push.wire.bytes / 1024 / ENTRIES).toFixed(2)}`,
      },
      {
        metric: 'Lumbung push: of which waiting on the server',
        value: push.wire.waitMs / 1000,
        unit: 's',
        decimals: 2,
      },
      { metric: 'Lumbung push: CPU s server / renderer / browser', value: cpuText(push.cpu) },
      {
        metric: `Lumbung pull: time (fresh device, ${pull.entries} entries)`,
        value: pull.ms / 1000,
        unit: 's',
        decimals: 2,
      },
      {
        metric: 'Lumbung pull: requests / KB per entry',
        value: `${pull.wire.requests} / ${(pull.wire.bytes / 1024 / ENTRIES).toFixed(2)}`,
      },
      {
        metric: 'Lumbung pull: of which waiting on the server',
        value: pull.wire.waitMs / 1000,
        unit: 's',
        decimals: 2,
      },
      { metric: 'Lumbung pull: CPU s server / renderer / browser', value: cpuText(pull.cpu) },
      {
        metric: '**Lumbung push + pull**',
        value: totalMs / 1000,
        unit: 's',
        decimals: 2,
        ...(SAME_TRIP ? { budget: { max: SYNC_BUDGET_MS / 1000, text: '≤ 3 s' } } : {}),
      },
      {
        metric: 'IndexedDB alone, same rows: read + delete the outbox / write the entries',
        value: `${(idb.pushMs / 1000).toFixed(2)} / ${(idb.pullMs / 1000).toFixed(2)} s`,
      },
      {
        metric: 'IndexedDB alone: CPU s renderer / browser, push side; pull side',
        value: `${floorCpuText(idb.pushCpu)}; ${floorCpuText(idb.pullCpu)}`,
      },
      {
        metric: 'IndexedDB alone: total (the floor under push + pull)',
        value: (idb.pushMs + idb.pullMs) / 1000,
        unit: 's',
        decimals: 2,
      },
    ];
    // A trip that did not bring everything across is not a time to compare (no ratio then).
    const complete =
      push.ok && pull.ok && push.outbox === 0 && push.rejected === 0 && pull.entries >= ENTRIES;
    if (!complete)
      rows.push({
        metric: 'INCOMPLETE',
        value: `outbox left ${push.outbox}, rejected ${push.rejected}, fresh device has ${pull.entries}/${ENTRIES}`,
      });
    return { rows, raw: { push, pull, idbFloor: idb }, totalMs: complete ? totalMs : null };
  } finally {
    await server.stop();
  }
}

async function startPouchServer(
  pagesDir: string,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const logDir = tempDir('pouch');
  const child = spawn(process.execPath, [join(BENCH_DIR, 'pouch', 'server.mjs')], {
    cwd: logDir,
    env: {
      ...process.env,
      PORT: String(port),
      PAGES_DIR: pagesDir,
      LOG_DIR: logDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}/db/`, 30_000, () => !exited);
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((r) => {
        if (exited) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

async function pouch(pagesDir: string): Promise<Trip> {
  writeFileSync(join(pagesDir, 'pouch.html'), benchPageHtml('/__bench/pouch-bench.js'));
  const server = await startPouchServer(pagesDir);
  const remote = `${server.url}/db/bench`;
  const phase = async (mode: 'push' | 'pull') => {
    const context = await launchProfile(tempDir('profile'));
    try {
      const page = await openPage(context, `${server.url}/__bench/pouch.html`, '__pouch');
      if (mode === 'push') {
        const seed = await page.evaluate((n) => (window.__pouch as PouchApi).seed('bench-src', n), ENTRIES);
        console.log(`(pouchdb: seeded ${seed.docs} docs with bulkDocs in ${(seed.ms / 1000).toFixed(1)} s)`);
      }
      const counter = countWire(context, `${server.url}/db/`);
      const r =
        mode === 'push'
          ? await page.evaluate((to) => (window.__pouch as PouchApi).replicate('bench-src', to), remote)
          : await page.evaluate((from) => (window.__pouch as PouchApi).replicate(from, 'bench-dst'), remote);
      await counter.settle();
      return { ...r, wire: counter.wire };
    } finally {
      await context.close();
    }
  };
  try {
    const push = await phase('push');
    const pull = await phase('pull');
    const totalMs = push.ms + pull.ms;
    return {
      rows: [
        {
          metric: `PouchDB push: time (${push.written} docs written)`,
          value: push.ms / 1000,
          unit: 's',
          decimals: 2,
        },
        {
          metric: 'PouchDB push: requests / KB per entry',
          value: `${push.wire.requests} / ${(push.wire.bytes / 1024 / ENTRIES).toFixed(2)}`,
        },
        {
          metric: `PouchDB pull: time (fresh database, ${pull.docs} docs)`,
          value: pull.ms / 1000,
          unit: 's',
          decimals: 2,
        },
        {
          metric: 'PouchDB pull: requests / KB per entry',
          value: `${pull.wire.requests} / ${(pull.wire.bytes / 1024 / ENTRIES).toFixed(2)}`,
        },
        { metric: '**PouchDB push + pull**', value: totalMs / 1000, unit: 's', decimals: 2 },
      ],
      raw: { push, pull },
      totalMs,
    };
  } finally {
    await server.stop();
  }
}

interface Trip {
  rows: Row[];
  raw: Record<string, unknown>;
  /** null: the trip did not bring everything across. */
  totalMs: number | null;
}

/**
 * `RUNS` trips, alternating Lumbung and PouchDB so that a slow minute of the machine falls on
 * both; each side's median run by total time (an incomplete Lumbung trip counts as slowest).
 */
async function medianTrips(
  runs: { name: string; trip: () => Promise<Trip> }[],
): Promise<Map<string, { median: Trip; totals: (number | null)[] }>> {
  const done = new Map<string, Trip[]>(runs.map((r) => [r.name, []]));
  for (let i = 0; i < RUNS; i++)
    for (const r of runs) {
      console.log(`(${r.name}: run ${i + 1} of ${RUNS})`);
      done.get(r.name)!.push(await r.trip());
    }
  const out = new Map<string, { median: Trip; totals: (number | null)[] }>();
  for (const [name, trips] of done) {
    const sorted = [...trips].sort((a, b) => (a.totalMs ?? Infinity) - (b.totalMs ?? Infinity));
    out.set(name, {
      median: sorted[Math.floor((sorted.length - 1) / 2)]!,
      totals: trips.map((t) => t.totalMs),
    });
  }
  return out;
}

const seconds = (totals: (number | null)[]) =>
  totals.map((t) => (t === null ? 'incomplete' : (t / 1000).toFixed(2))).join(' / ') + ' s';

async function main(): Promise<void> {
  ensureBenchDeps();
  const engineReady = serverExists();
  const pagesDir = await bundleBenchPages(engineReady ? ['sync-bench', 'pouch-bench'] : ['pouch-bench']);
  // BENCH_SKIP_POUCH=1: Lumbung alone, for quick iterations (no ratio then).
  const trips = await medianTrips([
    ...(engineReady ? [{ name: 'lumbung', trip: () => lumbung(pagesDir) }] : []),
    ...(process.env.BENCH_SKIP_POUCH ? [] : [{ name: 'pouchdb', trip: () => pouch(pagesDir) }]),
  ]);
  const ours = trips.get('lumbung')?.median ?? null;
  const ref = trips.get('pouchdb')?.median ?? null;
  const each = (name: string, label: string): Row[] => {
    const t = trips.get(name);
    return t && RUNS > 1
      ? [{ metric: `${label}: each run (the median one above)`, value: seconds(t.totals) }]
      : [];
  };
  const rows: Row[] = [
    ...(ours?.rows ?? [{ metric: 'Lumbung', value: 'not measured: src/server/main.ts missing' }]),
    ...each('lumbung', 'Lumbung push + pull'),
    ...(ref?.rows ?? [{ metric: 'PouchDB', value: 'not measured (BENCH_SKIP_POUCH)' }]),
    ...each('pouchdb', 'PouchDB push + pull'),
  ];
  if (ours && !ours.totalMs)
    rows.push({ metric: 'ratio PouchDB / Lumbung', value: 'not computed: the Lumbung trip was incomplete' });
  if (ours?.totalMs && ref?.totalMs)
    rows.push({
      metric: '**ratio PouchDB / Lumbung (push + pull)**',
      value: ref.totalMs / ours.totalMs,
      unit: '×',
      decimals: 1,
      ...(SAME_TRIP ? { budget: { min: 3, text: '≥ 3× (several times faster)' } } : {}),
    });
  report(
    'sync',
    [
      {
        title: `Sync ${ENTRIES.toLocaleString('en')} entries over loopback, Chromium on IndexedDB (median of ${RUNS} run${RUNS > 1 ? 's' : ''})`,
        rows,
        notes: [
          'Anchor (TOOLING.md): PouchDB in Node pushed 10,000 small docs to an in-memory pouchdb-server in 3.8–4.7 s and pulled them into a fresh database in 3.0 s on this machine.',
          'Bytes: request + response headers and bodies as Chromium reports them, for /api/ (Lumbung) and /db/ (PouchDB) only.',
          'CPU s: seconds of CPU each process spent in the phase (/proc), the server, the page (renderer), and the browser process where IndexedDB and the network run; on 2 cores they compete.',
          "IndexedDB alone: the trip's unavoidable IndexedDB work done with the bare API in a fresh profile of the same Chromium, nothing else running (bench/browser/idb-floor.ts): the outbox read in pages of 200 and each page deleted on a device that also holds the entries, then the entries written in pages of 500 on a fresh one, rows as the app stores them.",
          ...(SCREENS
            ? [
                'Lumbung ran with a screen open that follows the database: "Entri saya" on the pushing device, the room on the pulling one (BENCH_SCREENS=1).',
              ]
            : []),
          ...(RTT_MS > 0
            ? [
                `Lumbung's requests had ${RTT_MS} ms of round-trip latency added (BENCH_RTT_MS), so the budgets do not apply.`,
              ]
            : []),
        ],
      },
    ],
    {
      entries: ENTRIES,
      runs: RUNS,
      lumbung: ours?.raw ?? null,
      lumbungTotalsMs: trips.get('lumbung')?.totals ?? null,
      pouchdb: ref?.raw ?? null,
      pouchdbTotalsMs: trips.get('pouchdb')?.totals ?? null,
    },
  );
}

await main();
