/**
 * PostgreSQL through a pg Pool: several server processes can share one database (the cursor
 * lock is in the database, not in the process). `schema` puts every table in that schema via
 * search_path; tests use a throwaway schema per file so parallel runs do not collide.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { concurrencyGate } from './concurrency-gate.ts';
import { createKyselyStore } from './kysely-store.ts';
import { migrateToLatest, pendingMigrations } from './migrations.ts';
import { gatePhotoQueries, PHOTO_QUERIES_IN_FLIGHT } from './photo-gate.ts';
import { postgresWriter } from './postgres-writer.ts';
import type { Database } from './schema.ts';
import type { Store } from './types.ts';

export interface PostgresOptions {
  schema?: string;
  /** Pool size per process (default 10). */
  max?: number;
  /** Pushes of this process in their transaction at once (default PUSHES_IN_FLIGHT). */
  pushesInFlight?: number;
  /** Photo queries of this process holding connections at once (default PHOTO_QUERIES_IN_FLIGHT). */
  photoQueriesInFlight?: number;
  /**
   * Open every pool connection in migrate() and keep them open (the server does; tests and the
   * admin CLI open connections as they need them). A room of devices arriving at once then
   * meets ready connections, not a connection setup in front of each of its first requests.
   */
  warm?: boolean;
}

/**
 * Pushes queue for the one counter lock anyway (kysely-store.ts), and a push waiting for it
 * holds a pool connection all the while. Unbounded, a room arriving at once parked most
 * connections behind the lock, and every token check and pull waited for a connection too: in
 * `npm run bench -- server-load`, timed inside the sync route, the token check's p99 was
 * 280-440 ms, and 30-70 ms with this gate. So a few pushes at a time take connections, the rest
 * wait in memory, and the pool keeps room for the reads.
 */
export const PUSHES_IN_FLIGHT = 3;

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPostgresStore(url: string, opts: PostgresOptions = {}): Store {
  if (opts.schema !== undefined && !SCHEMA_RE.test(opts.schema))
    throw new Error(`bad schema name ${opts.schema}`);
  const max = opts.max ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Warm: never reap idle connections below `max` (pg's default closes them after 10 s idle).
    ...(opts.warm ? { min: max } : {}),
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // A pooled connection that the database (or the network) drops emits 'error': on the pool when
  // idle, on the client itself when a query holds it. Either, unhandled, ended the whole server
  // process. The failed query is rejected anyway and the pool opens a new connection when asked,
  // so noting it is enough.
  const lost = (err: Error) => console.warn(`PostgreSQL connection lost: ${err.message}`);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store = createKyselyStore(db, 'postgres', () => db.destroy(), postgresWriter);
  const pushGate = concurrencyGate(opts.pushesInFlight ?? PUSHES_IN_FLIGHT);
  const photoGate = concurrencyGate(opts.photoQueriesInFlight ?? PHOTO_QUERIES_IN_FLIGHT);
  return {
    ...store,
    ...gatePhotoQueries(store, photoGate),
    applyChanges: (deviceId, changes, ctx) => pushGate(() => store.applyChanges(deviceId, changes, ctx)),
    // Name the schema the tables live in (search_path's first, usually public): kysely otherwise
    // finds its migration tables in any other schema of the database and never creates ours.
    async migrate() {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      await migrateToLatest(db as unknown as Kysely<unknown>, rows[0]?.schema ?? undefined);
      if (opts.warm) await warm(pool, max);
    },
    async pendingMigrations() {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      return pendingMigrations(db as unknown as Kysely<unknown>, rows[0]?.schema ?? undefined);
    },
  };
}

/** Open `n` connections and touch the tables a sync reads, so each connection has them cached. */
async function warm(pool: pg.Pool, n: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  try {
    await Promise.all(
      clients.map((c) =>
        c.query(
          'select (select count(*) from sync_counter), (select seq from records limit 1), (select id from devices limit 1)',
        ),
      ),
    );
  } finally {
    for (const c of clients) c.release();
  }
}
