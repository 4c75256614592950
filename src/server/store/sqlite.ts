/** The embedded default: one SQLite file under DATA_DIR, WAL so readers never wait for the writer. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore } from './kysely-store.ts';
import type { Database } from './schema.ts';
import type { Store } from './types.ts';

export const SQLITE_FILE = 'lumbung.sqlite';

/** `dir` is the data directory, or ':memory:' for tests. Call `migrate()` before use. */
export function createSqliteStore(dir: string): Store {
  let file = ':memory:';
  if (dir !== ':memory:') {
    mkdirSync(dir, { recursive: true });
    file = join(dir, SQLITE_FILE);
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commit).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return createKyselyStore(db, 'sqlite', () => db.destroy());
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
