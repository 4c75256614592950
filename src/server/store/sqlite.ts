/** The embedded default: one SQLite file under DATA_DIR, WAL so readers never wait for the writer. */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore, type PageWriter } from './kysely-store.ts';
import type { Database } from './schema.ts';
import type { Store } from './types.ts';

export const SQLITE_FILE = 'lumbung.sqlite';
/** The page size of a new database file (see createSqliteStore). */
export const PAGE_SIZE = 32 * 1024;
const WAL_CHECKPOINT_BYTES = 40 * 1024 * 1024;

/** `dir` is the data directory, or ':memory:' for tests. Call `migrate()` before use. */
export function createSqliteStore(dir: string): Store {
  let file = ':memory:';
  if (dir !== ':memory:') {
    mkdirSync(dir, { recursive: true });
    file = join(dir, SQLITE_FILE);
  }
  const sqlite = new SqliteDatabase(file);
  // A new file gets 32 KB pages (an existing one keeps its own: the size is fixed once the file
  // is in WAL mode, so this must come first). A push page commits about 1 MB to the WAL, and
  // SQLite writes every page of it with its own system calls: with 4 KB pages that was ~8 ms a
  // commit here. `npm run bench -- server-sync`, SQLite push of 10,000 entries, four alternated
  // rounds: 1.24 / 1.23 / 1.17 / 1.50 s against 1.55 / 1.51 / 1.76 / 1.49 s with 4 KB pages.
  sqlite.pragma(`page_size = ${PAGE_SIZE}`);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commit).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint the WAL into the database file every ~40 MB instead of every 4 MB: a push page
  // writes about 1 MB, and a checkpoint on the request path rewrote the same hot pages (index
  // edges, the counter row) every few pages, most of a commit's time. The WAL file is cut back
  // to 64 MB after each checkpoint. Counted in pages, so from the file's own page size.
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  sqlite.pragma(`wal_autocheckpoint = ${Math.ceil(WAL_CHECKPOINT_BYTES / pageSize)}`);
  sqlite.pragma('journal_size_limit = 67108864');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const store = createKyselyStore(db, 'sqlite', () => db.destroy(), sqliteWriter(sqlite));
  return {
    ...store,
    // The open connection keeps answering from a file that was deleted or made unreadable under
    // it (and loses everything written from then on), so readiness looks at the path too.
    async pendingMigrations() {
      if (file !== ':memory:') accessSync(file, constants.R_OK | constants.W_OK);
      return store.pendingMigrations();
    },
  };
}

/**
 * A push page's writes as prepared single-row statements on the connection kysely's transaction
 * runs on (better-sqlite3 is synchronous and kysely's single connection is held by the push's
 * transaction while these run, so they are inside it). Building and compiling a multi-row
 * INSERT per chunk through kysely was the largest cost of a push.
 */
function sqliteWriter(db: SqliteDatabase.Database): PageWriter {
  let upsert: SqliteDatabase.Statement | null = null;
  let insertLog: SqliteDatabase.Statement | null = null;
  const upsertRecords = (rows: Parameters<PageWriter['write']>[1]) => {
    upsert ??= db.prepare(
      `insert into "records" ("table", "id", "fields", "stamps", "bases", "seq", "updated_at", "workshop_id", "author_id", "owner_id", "blob_sha256")
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict ("table", "id") do update set "fields" = excluded."fields", "stamps" = excluded."stamps",
           "bases" = excluded."bases", "seq" = excluded."seq", "updated_at" = excluded."updated_at",
           "workshop_id" = excluded."workshop_id", "author_id" = excluded."author_id", "owner_id" = excluded."owner_id",
           "blob_sha256" = excluded."blob_sha256"`,
    );
    for (const r of rows)
      upsert.run(
        r.table,
        r.id,
        r.fields,
        r.stamps,
        r.bases,
        r.seq,
        r.updated_at,
        r.workshop_id ?? null,
        r.author_id ?? null,
        r.owner_id ?? null,
        r.blob_sha256 ?? null,
      );
  };
  /** Inserts the log rows; returns those whose write is logged already (a replay, or a part). */
  const logRows = (rows: Parameters<PageWriter['write']>[2]) => {
    insertLog ??= db.prepare(
      `insert into "change_log" ("seq", "table", "record_id", "stamp", "fields", "bases", "device_id", "received_at")
         values (?, ?, ?, ?, ?, ?, ?, ?)
         on conflict ("table", "record_id", "stamp") do nothing`,
    );
    const clashes: typeof rows = [];
    for (const r of rows) {
      const { changes } = insertLog.run(
        r.seq,
        r.table,
        r.record_id,
        r.stamp,
        r.fields,
        r.bases,
        r.device_id,
        r.received_at,
      );
      if (changes === 0) clashes.push(r);
    }
    return clashes;
  };
  return {
    write(_trx, records, log) {
      upsertRecords(records);
      return Promise.resolve(logRows(log));
    },
  };
}

/** kysely prepares every query anew; preparing was the largest cost of a small push. The same
 * few SQL texts repeat, so keep their prepared statements (bounded, oldest dropped first). */
function withStatementCache(db: SqliteDatabase.Database, max = 256) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) return stmt;
      stmt = db.prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
