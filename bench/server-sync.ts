/**
 * The server's half of the sync bench, without a browser: 10,000 entries pushed by one device in
 * pages of 200 (the engine's page, with shared stamps as the engine sends them) and pulled from 0
 * by another in pages of 500, through `app.request()` (no socket), on SQLite and, when it
 * answers, on PostgreSQL. The request bodies are built before the clock starts, so the times are
 * the server's own work: parsing, checks, merges, the database. Median of 3 runs per engine, each
 * on a fresh database.
 *   npx tsx bench/server-sync.ts          (or: npm run bench -- server-sync)
 *   BENCH_ENTRIES=2000 BENCH_RUNS=1 BENCH_ENGINES=sqlite npx tsx bench/server-sync.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  encodeHlc,
  JoinResponseSchema,
  randomToken,
  SHARED_STAMPS,
  SHARED_STAMPS_HEADER,
  uuidv7,
  type Change,
} from '../src/core/index.ts';
import { packStamps } from '../src/core/shared-stamps.ts';
import { createApp, type App } from '../src/server/app.ts';
import { createDiskBlobStore } from '../src/server/blobs/disk.ts';
import { createPostgresStore } from '../src/server/store/postgres.ts';
import { createSqliteStore } from '../src/server/store/sqlite.ts';
import type { Store } from '../src/server/store/types.ts';
import { createServerClock } from '../src/server/sync/server-clock.ts';
import { createWorkshop } from '../src/server/workshops/index.ts';
import { entryFields } from './browser/entries.ts';
import { median, report, type Row } from './lib/report.ts';

const ENTRIES = Number(process.env['BENCH_ENTRIES'] ?? 10_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const PUSH_PAGE = 200;
const PG_URL =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['TEST_DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';
const QUIET = { info() {}, warn() {}, error() {} };

interface SyncAnswer {
  accepted: string[];
  changes: unknown[];
  cursor: number;
  more: boolean;
}

interface Engine {
  name: string;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

async function post(app: App, path: string, token: string | null, body: string): Promise<Response> {
  const res = await app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // As the device's transport: it reads records with shared stamps (protocol.ts).
      [SHARED_STAMPS_HEADER]: SHARED_STAMPS,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function joinAs(app: App, code: string, name: string) {
  const deviceId = `bench-${randomToken(4)}`;
  const res = await post(
    app,
    '/api/v1/join',
    null,
    JSON.stringify({ code, deviceId, name, opd: 'Dinas Kesehatan' }),
  );
  return { ...JoinResponseSchema.parse(await res.json()), deviceId };
}

/** The pages of changes as JSON, built before timing: new entries stamped by the device. */
function pushPages(deviceId: string, personId: string, workshopId: string): string[] {
  const base = Date.now() - ENTRIES * 1000;
  const bodies: string[] = [];
  for (let start = 0; start < ENTRIES; start += PUSH_PAGE) {
    const changes: Change[] = [];
    for (let i = start; i < Math.min(ENTRIES, start + PUSH_PAGE); i++) {
      const at = base + i * 1000;
      const fields = { ...entryFields(i, personId, at), workshopId };
      const st = encodeHlc({ wall: at, counter: 0, node: deviceId });
      const names = Object.keys(fields);
      // Shared stamps, as the device sends them to this server.
      changes.push(
        packStamps({
          changeId: uuidv7(),
          table: 'entries',
          id: uuidv7(at),
          fields,
          stamps: Object.fromEntries(names.map((n) => [n, st])),
          bases: Object.fromEntries(names.map((n) => [n, null])),
        }),
      );
    }
    bodies.push(JSON.stringify(changes));
  }
  return bodies;
}

async function runOnce(engine: Engine): Promise<{ pushMs: number; pullMs: number; pulled: number }> {
  const { store, close } = await engine.open();
  try {
    const clock = () => Date.now();
    const app = createApp({
      store,
      blobs: createDiskBlobStore(join('.tmp', 'bench', 'server-sync-blobs')),
      clock,
      log: QUIET,
    });
    const ws = await createWorkshop(
      { sync: store, workshops: store, clock, hlc: createServerClock(clock) },
      { nama: 'Lokakarya Bench', tanggal: '2026-12-01' },
    );
    const author = await joinAs(app, ws.participantCode, 'Peserta');
    const pages = pushPages(author.deviceId, author.personId, author.workshop.id);
    // As the engine does: the first request only pulls, and each push carries the cursor of the
    // answer before it (so the server pulls only what is new, and does not echo the push).
    const first = JSON.stringify({ deviceId: author.deviceId, since: 0, changes: [] });
    let cursor = ((await (await post(app, '/api/v1/sync', author.token, first)).json()) as SyncAnswer).cursor;

    const t0 = performance.now();
    for (const changes of pages) {
      const body = `{"deviceId":${JSON.stringify(author.deviceId)},"since":${cursor},"changes":${changes}}`;
      const res = (await (await post(app, '/api/v1/sync', author.token, body)).json()) as SyncAnswer;
      if (res.accepted.length === 0) throw new Error('push accepted nothing');
      cursor = res.cursor;
    }
    const pushMs = performance.now() - t0;

    const reader = await joinAs(app, ws.facilitatorCode, 'Fasilitator');
    let since = 0;
    let pulled = 0;
    const t1 = performance.now();
    for (;;) {
      const body = JSON.stringify({ deviceId: reader.deviceId, since, changes: [] });
      const text = await (await post(app, '/api/v1/sync', reader.token, body)).text();
      const page = JSON.parse(text) as SyncAnswer;
      pulled += page.changes.length;
      since = page.cursor;
      if (!page.more) break;
    }
    const pullMs = performance.now() - t1;
    return { pushMs, pullMs, pulled };
  } finally {
    await close();
  }
}

async function pgEngine(): Promise<Engine | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    console.log(`PostgreSQL skipped: ${PG_URL} does not answer (${String(err)})`);
    return null;
  }
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  return {
    name: 'postgres',
    async open() {
      const schema = `bench_${randomToken(4)}`;
      await admin(`create schema ${schema}`);
      const store = createPostgresStore(PG_URL, { schema });
      await store.migrate();
      return {
        store,
        close: async () => {
          await store.close();
          await admin(`drop schema if exists ${schema} cascade`);
        },
      };
    },
  };
}

const sqliteEngine: Engine = {
  name: 'sqlite',
  async open() {
    mkdirSync(join('.tmp', 'bench'), { recursive: true });
    const dir = mkdtempSync(join('.tmp', 'bench', 'server-sync-'));
    const store = createSqliteStore(dir);
    await store.migrate();
    return {
      store,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** BENCH_ENGINES=sqlite (or postgres) runs one engine only. */
const only = process.env['BENCH_ENGINES'];
const engines = [
  ...(only === 'postgres' ? [] : [sqliteEngine]),
  ...(only === 'sqlite' ? [] : [await pgEngine()].filter((e): e is Engine => e !== null)),
];
const rows: Row[] = [];
for (const engine of engines) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    console.log(`(${engine.name}: run ${r + 1} of ${RUNS})`);
    runs.push(await runOnce(engine));
  }
  if (runs.some((r) => r.pulled < ENTRIES))
    throw new Error(`${engine.name}: a pull brought fewer than ${ENTRIES}`);
  const push = median(runs.map((r) => r.pushMs)) / 1000;
  const pull = median(runs.map((r) => r.pullMs)) / 1000;
  rows.push(
    { metric: `${engine.name}: push ${ENTRIES} entries (pages of ${PUSH_PAGE})`, value: push, unit: 's' },
    { metric: `${engine.name}: pull ${ENTRIES} entries from 0 (pages of 500)`, value: pull, unit: 's' },
    {
      metric: `${engine.name}: every run, push + pull`,
      value: runs.map((r) => ((r.pushMs + r.pullMs) / 1000).toFixed(2)).join(' / ') + ' s',
    },
  );
}
report('server-sync', [
  {
    title: `The server's side of syncing ${ENTRIES.toLocaleString('en')} entries, in-process (median of ${RUNS})`,
    rows,
    notes: [
      "No browser and no socket: the server's share of `sync`'s 3 s budget (push + pull), with the bodies built beforehand.",
    ],
  },
]);
