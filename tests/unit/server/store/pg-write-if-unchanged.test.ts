/**
 * On PostgreSQL a push checks its reads and writes in one statement under the counter lock
 * (postgres-writer.ts writeIfUnchanged): it writes only when every record it read is still at
 * the seq it was read at, or still absent, and writes nothing at all otherwise.
 */
import pg from 'pg';
import type { RecordDoc } from '$src/core/index.ts';
import { Kysely, PostgresDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresWriter } from '$src/server/store/postgres-writer.ts';
import { recordToRow } from '$src/server/store/rows.ts';
import type { Database } from '$src/server/store/schema.ts';
import type { Store } from '$src/server/store/types.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import { change, stamp } from '../helpers/client.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from '../helpers/pg.ts';

const reason = await pgUnavailable();
const T0 = Date.UTC(2026, 11, 5);

// Skipped only when PostgreSQL does not answer and CI is not set (pgUnavailable: under CI a
// missing PostgreSQL fails the run instead).
describe.skipIf(reason !== null)(
  `PostgreSQL check-and-write of a push${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let schema: string;
    let store: Store;
    let db: Kysely<Database>;
    beforeEach(async () => {
      schema = await createSchema();
      store = createPostgresStore(PG_URL, { schema });
      await store.migrate();
      db = new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` }),
        }),
      });
      // One stored record, at seq 1.
      const at = stamp(T0, 'dev-a');
      await store.applyChanges('dev-a', [change('comments', 'c1', { text: 'satu' }, at)], {
        now: T0,
        stamp: () => stamp(T0, 'server'),
      });
    });
    afterEach(async () => {
      await db.destroy();
      await store.close();
      await dropSchema(schema);
    });

    /** A new comment c2 at seq 2 and its one log row. */
    const write = (reads: { table: string; id: string; seq: number | null }[]) =>
      db.transaction().execute(async (trx) => {
        const doc: RecordDoc = {
          table: 'comments',
          id: 'c2',
          fields: { text: 'dua' },
          stamps: { text: 's2' },
          bases: {},
        };
        const log = {
          seq: 2,
          table: 'comments',
          record_id: 'c2',
          stamp: 's2',
          fields: JSON.stringify({ text: 'dua' }),
          bases: JSON.stringify({ text: null }),
          device_id: 'dev-b',
          received_at: T0,
        };
        return postgresWriter.writeIfUnchanged!(trx, [recordToRow(doc, 2, T0)], [log], reads);
      });
    const stored = async () => (await store.pull(0, 10)).records.map((r) => r.id);

    it('writes when every read is as it was: the stored record at its seq, the new one absent', async () => {
      expect(
        await write([
          { table: 'comments', id: 'c1', seq: 1 },
          { table: 'comments', id: 'c2', seq: null },
        ]),
      ).toEqual([]);
      expect(await stored()).toEqual(['c1', 'c2']);
      expect((await store.history('comments', 'c2')).length).toBe(1);
    });

    it('writes nothing when a read record moved on', async () => {
      expect(await write([{ table: 'comments', id: 'c1', seq: 0 }])).toBeNull();
      expect(await stored()).toEqual(['c1']);
      expect(await store.history('comments', 'c2')).toEqual([]);
    });

    it('writes nothing when a record read as absent is there now', async () => {
      expect(await write([{ table: 'comments', id: 'c1', seq: null }])).toBeNull();
      expect(await stored()).toEqual(['c1']);
    });

    it('answers the log rows logged before as clashes', async () => {
      expect(await write([])).toEqual([]);
      const again = await write([]);
      expect(again?.map((r) => r.stamp)).toEqual(['s2']);
    });
  },
);
