/**
 * The SQLite file's layout: a new data directory gets 32 KB pages in WAL mode (sqlite.ts: fewer
 * system calls per commit); a file an earlier release made keeps its 4 KB pages and its data.
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE, SQLITE_FILE, createSqliteStore } from '$src/server/store/sqlite.ts';
import { tempDir } from '../helpers/stores.ts';
import { rmSync } from 'node:fs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function layout(file: string) {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return {
      pageSize: Number(db.pragma('page_size', { simple: true })),
      journal: String(db.pragma('journal_mode', { simple: true })),
    };
  } finally {
    db.close();
  }
}

describe('the SQLite file', () => {
  it('is made with 32 KB pages in WAL mode', async () => {
    const dir = tempDir('sqlite-new');
    dirs.push(dir);
    const store = createSqliteStore(dir);
    await store.migrate();
    expect(
      await store.registerDevice({
        secretHash: null,
        bearerHash: null,
        id: 'dev-1',
        tokenHash: 'a'.repeat(64),
        name: 'HP',
        now: 1,
      }),
    ).toBe('created');
    await store.close();
    expect(PAGE_SIZE).toBe(32768);
    expect(layout(join(dir, SQLITE_FILE))).toEqual({ pageSize: PAGE_SIZE, journal: 'wal' });
  });

  it('keeps the 4 KB pages and the rows of a file an earlier release made', async () => {
    const dir = tempDir('sqlite-old');
    dirs.push(dir);
    const old = new SqliteDatabase(join(dir, SQLITE_FILE));
    old.pragma('journal_mode = WAL');
    old.exec("create table earlier (note text); insert into earlier values ('tetap ada')");
    old.close();

    const store = createSqliteStore(dir);
    await store.migrate();
    expect(
      await store.registerDevice({
        secretHash: null,
        bearerHash: null,
        id: 'dev-2',
        tokenHash: 'b'.repeat(64),
        name: 'HP',
        now: 1,
      }),
    ).toBe('created');
    expect((await store.deviceById('dev-2'))?.name).toBe('HP');
    await store.close();

    expect(layout(join(dir, SQLITE_FILE))).toEqual({ pageSize: 4096, journal: 'wal' });
    const again = new SqliteDatabase(join(dir, SQLITE_FILE), { readonly: true });
    expect(again.prepare('select note from earlier').pluck().all()).toEqual(['tetap ada']);
    again.close();
  });
});
