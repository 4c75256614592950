/**
 * Migrations on a SQLite file as `npm start` keeps it: 0005 drops the change log's seq index
 * (read by no query) and leaves the log and its primary key (replay safety) in place. 0006 gives
 * attachments stored by an earlier release their photo hash column, so their photos stay
 * readable, on SQLite and on PostgreSQL. 0007 turns the change log's rows, one per field, into
 * one per write, and history reads the same field writes as before, on both.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '$src/server/store/migrations.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import { createSqliteStore, SQLITE_FILE } from '$src/server/store/sqlite.ts';
import type { Store } from '$src/server/store/types.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from '../helpers/pg.ts';
import { tempDir } from '../helpers/stores.ts';

const pgReason = await pgUnavailable();
const SHA = 'ab'.repeat(32);

/** The database as the release before 0006 left it: an attachment naming SHA, and an entry with
 * a field of the same name (no photo). Closes `old`. */
async function writeOldRelease(old: Kysely<unknown>, schema?: string): Promise<void> {
  try {
    await migrateToLatest(old, schema, '0005_change_log_no_seq_index');
    const row = (table: string, id: string, fields: object, seq: number) =>
      sql`insert into records ("table", id, fields, stamps, bases, seq, updated_at, workshop_id, author_id, owner_id)
          values (${table}, ${id}, ${JSON.stringify(fields)}, '{}', '{}', ${seq}, 0, 'ws-1', 'p1', 'p1')`.execute(
        old,
      );
    await row('attachments', 'a1', { entryId: 'e1', sha256: SHA }, 1);
    await row('entries', 'e1', { nama: 'Sikat Gigi', sha256: SHA }, 2);
  } finally {
    await old.destroy();
  }
}

const HASHES = 'select id, blob_sha256 from records order by id';

const S1 = '001796083200000-00000-dev-a';
const S2 = '001796083260000-00000-dev-b';
/** Comments in the old log besides the entry: more than 0007 copies in one batch (500). */
const COMMENTS = 620;

/**
 * The change log as the release before 0007 left it, one row per field: entry e1 saved at S1
 * (one of its fields, `bentuk`, delivered later by a relay), edited at S2 by another device;
 * and COMMENTS comments of one field each. Closes `old`.
 */
async function writeOldLog(old: Kysely<unknown>, schema?: string): Promise<void> {
  try {
    await migrateToLatest(old, schema, '0006_records_blob_sha256');
    const log = (
      seq: number,
      table: string,
      id: string,
      field: string,
      stamp: string,
      value: unknown,
      base: string | null,
      device: string,
    ) =>
      sql`(${seq}, ${table}, ${id}, ${field}, ${stamp}, ${JSON.stringify(value)}, ${base}, ${device}, ${1000 + seq})`;
    const rows = [
      log(1, 'entries', 'e1', 'nama', S1, 'Sikat Gigi', null, 'dev-a'),
      log(1, 'entries', 'e1', 'opd', S1, 'Dinas Kesehatan', null, 'dev-a'),
      log(1, 'entries', 'e1', 'catatan', S1, null, null, 'dev-a'),
      log(3, 'entries', 'e1', 'bentuk', S1, 'Inovasi pelayanan publik', null, 'dev-r'),
      log(2, 'entries', 'e1', 'nama', S2, 'Sikat Gigi Massal', S1, 'dev-b'),
      ...Array.from({ length: COMMENTS }, (_, i) =>
        log(
          10 + i,
          'comments',
          `c-${String(i).padStart(4, '0')}`,
          'text',
          S1,
          `komentar ${i}`,
          null,
          'dev-a',
        ),
      ),
    ];
    await sql`insert into change_log (seq, "table", record_id, field, stamp, value, base, device_id, received_at)
        values ${sql.join(rows)}`.execute(old);
  } finally {
    await old.destroy();
  }
}

/** After 0007: the same field writes, each once, in stamp and field order; a write's later
 * part is the write's, so it names the device that delivered the write first. */
async function expectLogByWrite(store: Store): Promise<void> {
  expect(await store.countChangeLog()).toBe(5 + COMMENTS);
  const e1 = await store.history('entries', 'e1');
  expect(e1.map((l) => [l.stamp, l.field, l.value, l.base, l.deviceId, l.seq, l.receivedAt])).toEqual([
    [S1, 'bentuk', 'Inovasi pelayanan publik', null, 'dev-a', 1, 1001],
    [S1, 'catatan', null, null, 'dev-a', 1, 1001],
    [S1, 'nama', 'Sikat Gigi', null, 'dev-a', 1, 1001],
    [S1, 'opd', 'Dinas Kesehatan', null, 'dev-a', 1, 1001],
    [S2, 'nama', 'Sikat Gigi Massal', S1, 'dev-b', 2, 1002],
  ]);
  for (const i of [0, 499, 500, COMMENTS - 1]) {
    const c = await store.history('comments', `c-${String(i).padStart(4, '0')}`);
    expect(c.map((l) => [l.field, l.value, l.seq])).toEqual([['text', `komentar ${i}`, 10 + i]]);
  }
}

/** After the upgrade (`hashes` reads HASHES): the photo is readable where the attachment is,
 * and only there; only the attachment names it, not an entry's field of the same name. */
async function expectBackfilled(store: Store, hashes: () => Promise<unknown[]>): Promise<void> {
  expect(await store.blobInScope(SHA, { kind: 'workshop', workshopId: 'ws-1' })).toBe(true);
  expect(await store.blobInScope(SHA, { kind: 'workshop', workshopId: 'ws-2' })).toBe(false);
  expect(await store.blobInScope(SHA, { kind: 'owner', ownerId: 'p1', workshopId: 'ws-1' })).toBe(true);
  expect(await store.blobInScope(SHA, { kind: 'owner', ownerId: 'p2', workshopId: 'ws-1' })).toBe(false);
  expect(await hashes()).toEqual([
    { id: 'a1', blob_sha256: SHA },
    { id: 'e1', blob_sha256: null },
  ]);
}

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
    const file = new SqliteDatabase(join(dir, SQLITE_FILE));
    await writeOldRelease(new Kysely<unknown>({ dialect: new SqliteDialect({ database: file }) }));
    const store = createSqliteStore(dir);
    await store.migrate();
    const check = new SqliteDatabase(join(dir, SQLITE_FILE), { readonly: true });
    try {
      await expectBackfilled(store, () => Promise.resolve(check.prepare(HASHES).all()));
    } finally {
      check.close();
      await store.close();
    }
    expect(indexesOf('records')).toContain('records_blob');
  });
});

describe('0007: the change log by write (SQLite file)', () => {
  it('groups the old rows by write and reads back the same field writes', async () => {
    const file = new SqliteDatabase(join(dir, SQLITE_FILE));
    await writeOldLog(new Kysely<unknown>({ dialect: new SqliteDialect({ database: file }) }));
    const store = createSqliteStore(dir);
    try {
      await store.migrate();
      await expectLogByWrite(store);
    } finally {
      await store.close();
    }
    expect(indexesOf('change_log').some((n) => n.startsWith('sqlite_autoindex_change_log'))).toBe(true);
  });
});

// Skipped only when PostgreSQL does not answer and CI is not set (pgUnavailable: under CI a
// missing PostgreSQL fails the run instead); the reason is printed in the suite's name.
describe.skipIf(pgReason !== null)(
  `migrations (PostgreSQL)${pgReason ? ` (skipped: ${pgReason})` : ''}`,
  () => {
    /** A schema left by an earlier release (`writeOld`), migrated by the store, then `check`ed. */
    async function upgraded(
      writeOld: (old: Kysely<unknown>, schema: string) => Promise<void>,
      check: (store: Store, schema: string) => Promise<void>,
    ): Promise<void> {
      const schema = await createSchema();
      try {
        const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
        await writeOld(new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }), schema);
        const store = createPostgresStore(PG_URL, { schema });
        try {
          await store.migrate();
          await check(store, schema);
        } finally {
          await store.close();
        }
      } finally {
        await dropSchema(schema);
      }
    }

    it('0006 fills the photo hash of attachments an earlier release stored, and of nothing else', () =>
      upgraded(writeOldRelease, async (store, schema) => {
        const check = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
        await check.connect();
        try {
          await expectBackfilled(store, async () => (await check.query(HASHES)).rows);
        } finally {
          await check.end();
        }
      }));

    it('0007 groups the old change log by write and reads back the same field writes', () =>
      upgraded(writeOldLog, expectLogByWrite));
  },
);
