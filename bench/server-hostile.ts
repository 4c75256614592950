/**
 * Server under hostile pulls (DESIGN.md budget: 12 concurrent pulls of maximal records, RSS
 * ≤ 200 MB, /health within 100 ms meanwhile). One device writes N entries at the largest size the
 * server accepts (every text field full of 3-byte characters: ~600 KB of JSON each), then 12
 * pulls at once page through all of them from cursor 0, asking for gzip as devices do, while
 * /health is asked every 50 ms (from a worker thread) and the server's RSS is sampled every 50 ms. Runs on SQLite and,
 * when it answers, on PostgreSQL; loopback only.
 *   npx tsx bench/server-hostile.ts [--entries=150] [--pullers=12] [--heap=96]
 */
import { Agent, get } from 'node:http';
import { Worker } from 'node:worker_threads';
import { encodeHlc, uuidv7 } from '../src/core/index.ts';
import { change } from '../tests/unit/server/helpers/client.ts';
import { maximalEntryFields } from '../tests/unit/server/helpers/maximal.ts';
import { percentile, report, type Row, type Table } from './lib/report.ts';
import { onEachEngine } from './server/engines.ts';
import { postJson } from './server/post-json.ts';
import { startServer, type RunningServer } from './server/spawn-server.ts';

const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const ENTRIES = arg('entries', 150);
const PULLERS = arg('pullers', 12);
/** --heap=96 runs the server with V8's old space capped at 96 MB (node --max-old-space-size): the
 * live set of 12 pulls is small, and without a cap V8 lets garbage grow the heap before it
 * collects. 0 = Node's default. */
const HEAP_MB = arg('heap', 0);
const JSON_HEADERS = { 'content-type': 'application/json' };
const healthAgent = new Agent({ keepAlive: true });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function health(url: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    get(`${url}/api/v1/health`, { agent: healthAgent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * /health every 50 ms from a worker thread: on the bench's own thread, the pullers' gunzip and
 * JSON.parse of 600 KB pages would delay the probe's callbacks and count against the server.
 */
function startProber(url: string): { stop: () => Promise<number[]> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    const { Agent, get } = require('node:http');
    const agent = new Agent({ keepAlive: true });
    let running = true;
    const out = [];
    parentPort.on('message', () => { running = false; });
    const ask = () => new Promise((resolve, reject) => {
      const t0 = performance.now();
      get(workerData + '/api/v1/health', { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      }).on('error', reject);
    });
    (async () => {
      while (running) {
        out.push(await ask());
        await new Promise((r) => setTimeout(r, 50));
      }
      parentPort.postMessage(out);
    })();`,
    { eval: true, workerData: url },
  );
  return {
    stop: () =>
      new Promise<number[]>((resolve, reject) => {
        worker.once('message', (ms: number[]) => {
          void worker.terminate();
          resolve(ms);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

interface EngineNumbers {
  engine: string;
  pages: number;
  pageMs: number[];
  pageKb: number[];
  pullSeconds: number[];
  healthMs: number[];
  /** /health with no pull running, just before them. */
  quietMs: number[];
  rssBefore: number;
  rssMax: number;
  errors: number;
}

interface Writer {
  deviceId: string;
  token: string;
}

/** The writing device and its entries, on a server that is stopped afterwards: the pulls are
 * measured on a fresh process, so its RSS is theirs and not what the pushes left behind. */
async function fill(server: RunningServer): Promise<Writer> {
  const deviceId = `hostile-${uuidv7()}`;
  const reg = await postJson(`${server.url}/api/v1/devices`, JSON_HEADERS, JSON.stringify({ deviceId }));
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${reg.text}`);
  const { token } = JSON.parse(reg.text) as { token: string };
  const auth = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
  const start = Date.now() - 1000;
  for (let i = 0; i < ENTRIES; i++) {
    const c = change(
      'entries',
      uuidv7(start),
      // A creation names its workshop: none, for a device registered without one.
      { ...maximalEntryFields(deviceId, i), workshopId: null },
      encodeHlc({ wall: start, counter: i, node: deviceId }),
    );
    const r = await postJson(
      `${server.url}/api/v1/sync`,
      auth,
      JSON.stringify({ deviceId, since: 0, changes: [c], limit: 1 }),
    );
    if (r.status !== 200 || !r.text.includes(`"accepted":["${c.changeId}"]`))
      throw new Error(`push ${i}: ${r.status} ${r.text.slice(0, 300)}`);
  }
  return { deviceId, token };
}

async function run(
  engine: string,
  server: RunningServer,
  { deviceId, token }: Writer,
): Promise<EngineNumbers> {
  const auth = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
  await health(server.url);
  // The anchor: /health on this machine, now, with no pull running (it is shared and busy).
  const quietMs: number[] = [];
  for (let i = 0; i < 40; i++) {
    quietMs.push(await health(server.url));
    await sleep(50);
  }
  await sleep(500);
  const rssBefore = server.rssMb();
  let rssMax = rssBefore;
  const prober = startProber(server.url);
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMb())), 50);
  const pageMs: number[] = [];
  const pageKb: number[] = [];
  const pullSeconds: number[] = [];
  let errors = 0;
  let pages = 0;
  const headers = { ...auth, 'accept-encoding': 'gzip' };
  await Promise.all(
    Array.from({ length: PULLERS }, async () => {
      const t0 = performance.now();
      let since = 0;
      for (;;) {
        const p0 = performance.now();
        const r = await postJson(
          `${server.url}/api/v1/sync`,
          headers,
          JSON.stringify({ deviceId, since, changes: [] }),
        );
        pageMs.push(performance.now() - p0);
        if (r.status !== 200) {
          errors++;
          break;
        }
        pageKb.push(Buffer.byteLength(r.text) / 1024);
        pages++;
        const page = JSON.parse(r.text) as { cursor: number; more: boolean };
        since = page.cursor;
        if (!page.more) break;
      }
      pullSeconds.push((performance.now() - t0) / 1000);
    }),
  );
  const healthMs = await prober.stop();
  clearInterval(sampler);
  rssMax = Math.max(rssMax, server.rssMb());
  return { engine, pages, pageMs, pageKb, pullSeconds, healthMs, quietMs, rssBefore, rssMax, errors };
}

function table(n: EngineNumbers): Table {
  const ms = (v: number) => Math.round(v * 10) / 10;
  const rows: Row[] = [
    { metric: 'pages per pull', value: n.pages / PULLERS, decimals: 0 },
    {
      metric: 'page size, max (JSON)',
      value: Math.max(...n.pageKb),
      unit: 'KB',
      budget: { max: 1024, text: '≤ 1024 KB' },
    },
    { metric: 'time per page, p50', value: ms(percentile(n.pageMs, 50)), unit: 'ms' },
    { metric: 'time per page, p95', value: ms(percentile(n.pageMs, 95)), unit: 'ms' },
    {
      metric: `whole pull (${ENTRIES} entries), slowest of ${PULLERS}`,
      value: Math.max(...n.pullSeconds),
      unit: 's',
    },
    { metric: 'server RSS before the pulls (fresh process)', value: Math.round(n.rssBefore), unit: 'MB' },
    {
      metric: 'server RSS, max during the pulls',
      value: Math.round(n.rssMax),
      unit: 'MB',
      budget: { max: 200, text: '≤ 200 MB' },
    },
    {
      metric: `/health during the pulls, p50 (${n.healthMs.length} asks)`,
      value: ms(percentile(n.healthMs, 50)),
      unit: 'ms',
      anchor: `${ms(percentile(n.quietMs, 50))} ms with no pull, just before`,
    },
    {
      metric: '/health during the pulls, max',
      value: ms(Math.max(...n.healthMs)),
      unit: 'ms',
      anchor: `${ms(Math.max(...n.quietMs))} ms with no pull, just before`,
      budget: { max: 100, text: '≤ 100 ms' },
    },
    { metric: 'failed pages', value: n.errors, budget: { max: 0, text: '0' } },
  ];
  return {
    title: `Hostile pulls on ${n.engine}: ${PULLERS} at once through ${ENTRIES} maximal entries (~600 KB each), ${HEAP_MB > 0 ? `heap capped at ${HEAP_MB} MB` : "Node's default heap"}`,
    rows,
    notes: [
      'Before issue 19 (pages capped at 500 records only): 150 such entries made one 86 MB page; 12 pulls of 500 took 102 s each and 6.3 GB.',
    ],
  };
}

/** Fill on one server process, pull on a fresh one over the same database. */
async function both(engine: string, env: Record<string, string>): Promise<EngineNumbers> {
  const filler = await startServer(env);
  let writer: Writer;
  try {
    writer = await fill(filler);
  } finally {
    await filler.stop();
  }
  const server = await startServer(env);
  try {
    return await run(engine, server, writer);
  } finally {
    await server.stop();
  }
}

async function main() {
  const heap: Record<string, string> =
    HEAP_MB > 0
      ? { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --max-old-space-size=${HEAP_MB}`.trim() }
      : {};
  const results = await onEachEngine('bench-hostile', (db) => both(db.engine, { ...db.env, ...heap }));
  report('server-hostile', results.map(table));
}

await main();
