/**
 * Migrations on a SQLite file as `npm start` keeps it: 0005 drops the change log's seq index
 * (read by no query) and leaves the log and its primary key (replay safety) in place.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createSqliteStore, SQLITE_FILE } from '../../../src/server/store/sqlite.ts';
import { tempDir } from './helpers/stores.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir('migrations');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function indexesOf(table: string): string[] {
  const db = new SqliteDatabase(join(dir, SQLITE_FILE), { readonly: true });
  try {
    const rows = db
      .prepare(`select name from sqlite_master where type = 'index' and tbl_name = ? order by name`)
      .all(table) as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('migrations (SQLite file)', () => {
  it('the change log keeps its primary key and has no seq index', async () => {
    const store = createSqliteStore(dir);
    await store.migrate();
    await store.close();
    const indexes = indexesOf('change_log');
    expect(indexes).not.toContain('change_log_seq');
    // The primary key (table, record_id, field, stamp) is what makes a replay log nothing twice.
    expect(indexes.some((n) => n.startsWith('sqlite_autoindex_change_log'))).toBe(true);
  });

  it('running them again on a migrated file changes nothing', async () => {
    const first = createSqliteStore(dir);
    await first.migrate();
    await first.close();
    const before = indexesOf('change_log');
    const again = createSqliteStore(dir);
    await again.migrate();
    await again.close();
    expect(indexesOf('change_log')).toEqual(before);
  });
});
