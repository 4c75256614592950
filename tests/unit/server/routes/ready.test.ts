/** GET /api/v1/ready: 200 only when the database answers, is migrated, and DATA_DIR takes writes. */
import { connect, createServer, type Socket } from 'node:net';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createApp } from '$src/server/app.ts';
import { createDiskBlobStore } from '$src/server/blobs/disk.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import { createSqliteStore, SQLITE_FILE } from '$src/server/store/sqlite.ts';
import type { Store } from '$src/server/store/types.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from '../helpers/pg.ts';
import { tempDir } from '../helpers/stores.ts';

const QUIET = { info() {}, warn() {}, error() {} };

function appOn(store: Store, dataDir: string) {
  return createApp({
    store,
    blobs: createDiskBlobStore(join(dataDir, 'blobs')),
    clock: Date.now,
    log: QUIET,
    dataDir,
  });
}

async function ready(app: ReturnType<typeof appOn>) {
  const res = await app.request('/api/v1/ready');
  return { status: res.status, body: (await res.json()) as { ok: boolean; checks: Record<string, string> } };
}

describe('/api/v1/ready on SQLite', () => {
  it('is 200 on a migrated database with a writable DATA_DIR', async () => {
    const dir = tempDir('ready');
    const store = createSqliteStore(dir);
    await store.migrate();
    try {
      const r = await ready(appOn(store, dir));
      expect(r).toEqual({
        status: 200,
        body: { ok: true, checks: { database: 'ok', migrations: 'ok', dataDir: 'ok' } },
      });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is 503 when the database file is gone, and 200 again once it is back', async () => {
    const dir = tempDir('ready');
    const store = createSqliteStore(dir);
    await store.migrate();
    try {
      const app = appOn(store, dir);
      // The open connection would still answer from the unlinked file: the check must not.
      renameSync(join(dir, SQLITE_FILE), join(dir, 'moved-away'));
      const gone = await ready(app);
      expect(gone.status).toBe(503);
      expect(gone.body.checks['database']).toBe('unavailable');
      expect(JSON.stringify(gone.body)).not.toContain(dir); // no paths to whoever asks
      renameSync(join(dir, 'moved-away'), join(dir, SQLITE_FILE));
      expect((await ready(app)).status).toBe(200);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is 503 naming the migration the database has not run', async () => {
    const dir = tempDir('ready');
    const store = createSqliteStore(dir);
    await store.migrate();
    try {
      const raw = new SqliteDatabase(join(dir, SQLITE_FILE));
      const last = raw
        .prepare('select name from kysely_migration order by name desc limit 1')
        .pluck()
        .get() as string;
      raw.prepare('delete from kysely_migration where name = ?').run(last);
      raw.close();
      const r = await ready(appOn(store, dir));
      expect(r.status).toBe(503);
      expect(r.body.checks['migrations']).toBe(`pending: ${last}`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is 503 when DATA_DIR cannot be written', async () => {
    const dir = tempDir('ready');
    const store = createSqliteStore(':memory:');
    await store.migrate();
    try {
      // A file where the directory should be: no user, root included, can write inside it.
      const notADir = join(dir, 'file');
      writeFileSync(notADir, 'x');
      const r = await ready(appOn(store, notADir));
      expect(r.status).toBe(503);
      expect(r.body.checks['dataDir']).toBe('not writable');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A TCP proxy to PostgreSQL that the test can kill (never the shared server itself). */
async function killableProxy(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    kill: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}

const pgReason = await pgUnavailable();
// Skipped only when PostgreSQL does not answer and CI is not set (pgUnavailable: under CI a
// missing PostgreSQL fails the run instead).
describe.skipIf(pgReason !== null)('/api/v1/ready on PostgreSQL', () => {
  it('is 503 when the database stops answering (its proxy killed)', async () => {
    const target = new URL(PG_URL);
    const proxy = await killableProxy(target);
    const viaProxy = new URL(PG_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const schema = await createSchema();
    const dir = tempDir('ready');
    const store = createPostgresStore(viaProxy.toString(), { schema });
    try {
      await store.migrate();
      const app = appOn(store, dir);
      expect((await ready(app)).status).toBe(200);
      await proxy.kill();
      const r = await ready(app);
      expect(r.status).toBe(503);
      expect(r.body.checks['database']).toBe('unavailable');
    } finally {
      await store.close().catch(() => undefined);
      await proxy.kill();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
