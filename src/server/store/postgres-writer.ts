/**
 * A push page's writes on PostgreSQL in ONE statement, whatever its size: every record upsert and
 * every change-log row go as column arrays through unnest(), the log insert riding on the upsert
 * as a data-modifying CTE. These writes run under the counter lock (sync-store.ts), where each
 * round trip is time every other writer waits; multi-row INSERTs took two round trips for a
 * small push and two per 100 rows for a large one.
 */
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { PageWriter } from './push-tx.ts';
import type { ChangeLogTable, RecordsTable } from './schema.ts';

type Column<T> = readonly [name: keyof T & string, type: 'text' | 'bigint'];

const RECORD_COLUMNS: readonly Column<RecordsTable>[] = [
  ['table', 'text'],
  ['id', 'text'],
  ['fields', 'text'],
  ['stamps', 'text'],
  ['bases', 'text'],
  ['seq', 'bigint'],
  ['updated_at', 'bigint'],
  ['workshop_id', 'text'],
  ['author_id', 'text'],
  ['owner_id', 'text'],
  ['blob_sha256', 'text'],
];

const LOG_COLUMNS: readonly Column<ChangeLogTable>[] = [
  ['seq', 'bigint'],
  ['table', 'text'],
  ['record_id', 'text'],
  ['stamp', 'text'],
  ['fields', 'text'],
  ['bases', 'text'],
  ['device_id', 'text'],
  ['received_at', 'bigint'],
];

/** `insert into <table> (<columns>) select * from unnest($1::text[], $2::bigint[], ...)`. */
function insertUnnest<T>(
  table: string,
  columns: readonly Column<T>[],
  rows: Insertable<T>[],
): RawBuilder<unknown> {
  const names = sql.join(columns.map(([name]) => sql.ref(name)));
  const arrays = sql.join(
    columns.map(
      ([name, type]) =>
        sql`${rows.map((r) => (r as Record<string, unknown>)[name] ?? null)}::${sql.raw(type)}[]`,
    ),
  );
  return sql`insert into ${sql.table(table)} (${names}) select * from unnest(${arrays})`;
}

const UPSERT_SET = sql.join(
  RECORD_COLUMNS.filter(([name]) => name !== 'table' && name !== 'id').map(
    ([name]) => sql`${sql.ref(name)} = excluded.${sql.ref(name)}`,
  ),
);

interface LogKey {
  table: string;
  record_id: string;
  stamp: string;
}

const logKey = (r: LogKey) => `${r.table}\u0000${r.record_id}\u0000${r.stamp}`;

export const postgresWriter: PageWriter = {
  async write(trx, records, log) {
    const upsert =
      records.length > 0
        ? sql`${insertUnnest('records', RECORD_COLUMNS, records)} on conflict ("table", "id") do update set ${UPSERT_SET}`
        : null;
    // The log rows inserted name themselves, so the ones that clashed are known without a read.
    const logInsert =
      log.length > 0
        ? sql<LogKey>`${insertUnnest('change_log', LOG_COLUMNS, log)} on conflict ("table", "record_id", "stamp") do nothing
            returning "table", "record_id", "stamp"`
        : null;
    if (!logInsert) {
      if (upsert) await upsert.execute(trx);
      return [];
    }
    const { rows } = await (
      upsert ? sql<LogKey>`with upserted as (${upsert}) ${logInsert}` : logInsert
    ).execute(trx);
    if (rows.length === log.length) return [];
    const inserted = new Set(rows.map(logKey));
    return log.filter((r) => !inserted.has(logKey(r)));
  },
};
