/**
 * Migrations on a SQLite file as `npm start` keeps it: 0005 drops the change log's seq index
 * (read by no query) and leaves the log and its primary key (replay safety) in place; 0006 gives
 * attachments stored by an earlier release their photo hash column, so their photos stay readable.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from '../../../src/server/store/migrations.ts';
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

  it('0006 fills the photo hash of attachments an earlier release stored, and of nothing else', async () => {
    const sha = 'ab'.repeat(32);
    const file = new SqliteDatabase(join(dir, SQLITE_FILE));
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: file }) });
    await migrateToLatest(old, undefined, '0005_change_log_no_seq_index');
    const insert = file.prepare(
      `insert into records ("table", id, fields, stamps, bases, seq, updated_at, workshop_id, author_id, owner_id)
       values (?, ?, ?, '{}', '{}', ?, 0, 'ws-1', 'p1', 'p1')`,
    );
    insert.run('attachments', 'a1', JSON.stringify({ entryId: 'e1', sha256: sha }), 1);
    insert.run('entries', 'e1', JSON.stringify({ nama: 'Sikat Gigi', sha256: sha }), 2);
    await old.destroy();

    const store = createSqliteStore(dir);
    await store.migrate();
    try {
      expect(await store.blobInScope(sha, { kind: 'workshop', workshopId: 'ws-1' })).toBe(true);
      expect(await store.blobInScope(sha, { kind: 'workshop', workshopId: 'ws-2' })).toBe(false);
      expect(await store.blobInScope(sha, { kind: 'owner', ownerId: 'p1', workshopId: 'ws-1' })).toBe(true);
      expect(await store.blobInScope(sha, { kind: 'owner', ownerId: 'p2', workshopId: 'ws-1' })).toBe(false);
    } finally {
      await store.close();
    }
    const check = new SqliteDatabase(join(dir, SQLITE_FILE), { readonly: true });
    try {
      // Only the attachment names the photo: an entry's field of the same name is no photo.
      expect(check.prepare(`select id, blob_sha256 from records order by id`).all()).toEqual([
        { id: 'a1', blob_sha256: sha },
        { id: 'e1', blob_sha256: null },
      ]);
    } finally {
      check.close();
    }
    expect(indexesOf('records')).toContain('records_blob');
  });
});
