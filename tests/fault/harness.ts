/**
 * Shared by the engine unit tests and the fault suite: the real server app in-process (SQLite in
 * memory, blobs on disk under .tmp/), and simulated devices — each its own Dexie database running
 * the real client engine, with its own (possibly skewed) clock.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldValue, SyncedTable } from '$src/core/index.ts';
import { openDb, type LumbungDb } from '$src/app/db/db.ts';
import { deviceId } from '$src/app/replica/device.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { setToken } from '$src/app/replica/sync-state.ts';
import { randomToken } from '$src/core/ids.ts';
import { hashToken } from '$src/server/auth/tokens.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineDeps } from '$src/app/sync/engine.ts';
import { createTransport, type FetchLike } from '$src/app/sync/transport.ts';
import { createApp } from '$src/server/app.ts';
import { createDiskBlobStore } from '$src/server/blobs/disk.ts';
import { createSqliteStore } from '$src/server/store/sqlite.ts';
import type { Store } from '$src/server/store/types.ts';

export const TMP_ROOT = join(process.cwd(), '.tmp');

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

/** The workshop the test devices share (entries carry it as workshopId). */
export const TEST_WORKSHOP = 'ws-test';

/**
 * Give a device a facilitator token of TEST_WORKSHOP straight in the store, so devices share
 * and may all edit the same entries (what these suites test is sync, not permissions).
 */
export async function provisionFacilitator(
  store: Store,
  id: string,
  now = Date.now(),
): Promise<string | null> {
  const token = randomToken();
  await store.issueDevice({
    secretHash: null,
    bearerHash: null,
    trusted: true,
    id,
    tokenHash: hashToken(token),
    name: `test ${id.slice(-4)}`,
    role: 'facilitator',
    workshopId: TEST_WORKSHOP,
    expiresAt: null,
    now,
  });
  return token;
}

export interface InProcessServer {
  fetch: FetchLike;
  store: Store;
  /** Move server time (ms) for clock tests. */
  setClock(fn: () => number): void;
  close(): Promise<void>;
}

export async function inProcessServer(): Promise<InProcessServer> {
  const dir = join(TMP_ROOT, `sync-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  const store = createSqliteStore(':memory:');
  await store.migrate();
  let clock = () => Date.now();
  const app = createApp({
    store,
    blobs: createDiskBlobStore(join(dir, 'blobs')),
    clock: () => clock(),
    log: quietLog,
    registerLimit: { max: 1_000_000, windowMs: 60_000 },
    // Simulated devices without a workshop register through the open POST /devices.
    openRegistration: true,
  });
  return {
    fetch: async (input, init) => app.request(input, init),
    store,
    setClock(fn) {
      clock = fn;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Device {
  name: string;
  db: LumbungDb;
  engine: SyncEngine;
  now: () => number;
  write(table: SyncedTable, id: string, patch: Record<string, FieldValue>): Promise<void>;
  close(): Promise<void>;
}

export async function makeDevice(
  name: string,
  fetch: FetchLike,
  opts: {
    now?: () => number;
    baseUrl?: string;
    timeoutMs?: number;
    /** Issue the device's token out of band (see provisionFacilitator). */
    provision?: (deviceId: string) => Promise<string | null>;
  } & Partial<Omit<SyncEngineDeps, 'db' | 'transport' | 'now'>> = {},
): Promise<Device> {
  const db = openDb(`device-${name}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  const now = opts.now ?? (() => Date.now());
  if (opts.provision) {
    const token = await opts.provision(await deviceId(db));
    if (token) await setToken(db, token);
  }
  const engine = createSyncEngine({
    ...opts,
    db,
    now,
    transport: createTransport({
      baseUrl: opts.baseUrl ?? 'http://lumbung.test',
      fetch,
      timeoutMs: opts.timeoutMs ?? 10_000,
    }),
  });
  return {
    name,
    db,
    engine,
    now,
    async write(table, id, patch) {
      await writeRecord(db, table, id, patch, { now });
    },
    async close() {
      db.close();
      await db.delete();
    },
  };
}

/** Field values of every record of `table`, by id, sorted: what must converge. */
export async function snapshot(db: LumbungDb, tables: SyncedTable[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of tables) {
    const rows = await db.table(t).toArray();
    rows.sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
    for (const r of rows as { id: string; fields: unknown; stamps: unknown }[]) {
      out[`${t}/${r.id}`] = { fields: r.fields, stamps: r.stamps };
    }
  }
  return out;
}
