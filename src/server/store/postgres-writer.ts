/**
 * A push page's writes on PostgreSQL in ONE statement, whatever its size: every record upsert and
 * every change-log row go as column arrays through unnest(), the log insert riding on the upsert
 * as a data-modifying CTE. These writes run under the counter lock (sync-store.ts), where each
 * round trip is time every other writer waits; multi-row INSERTs took two round trips for a
 * small push and two per 100 rows for a large one.
 */
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { ReadAt } from './push-reads.ts';
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

/**
 * A row when any record of `reads` is no longer at the seq it was read at (absent: null), in the
 * statement's snapshot: taken after the counter lock was granted, so it sees every push that
 * committed before.
 */
function staleRead(reads: ReadAt[]): RawBuilder<unknown> {
  const tables = reads.map((r) => r.table);
  const ids = reads.map((r) => r.id);
  const seqs = reads.map((r) => r.seq);
  return sql`select 1 from unnest(${tables}::text[], ${ids}::text[], ${seqs}::bigint[]) as k(t, i, s)
    left join ${sql.table('records')} r on r."table" = k.t and r."id" = k.i
    where r."seq" is distinct from k.s limit 1`;
}

export const postgresWriter: PageWriter = {
  /**
   * The check and the writes in one statement: the writes (data-modifying CTEs, which run
   * whether or not the outer query reads them) take only rows `where not exists (stale)`, and
   * the statement answers one row saying whether the reads went stale, with the inserted log
   * rows beside it.
   */
  async writeIfUnchanged(trx, records, log, reads) {
    const guard = sql`where not exists (select 1 from stale)`;
    const upsert = sql`${insertUnnest('records', RECORD_COLUMNS, records)} ${guard}
      on conflict ("table", "id") do update set ${UPSERT_SET}`;
    const logInsert = sql`${insertUnnest('change_log', LOG_COLUMNS, log)} ${guard}
      on conflict ("table", "record_id", "stamp") do nothing returning "table", "record_id", "stamp"`;
    const { rows } = await sql<{ stale: boolean } & Partial<LogKey>>`with stale as (${staleRead(reads)}),
      upserted as (${upsert}), logged as (${logInsert})
      select exists (select 1 from stale) as stale, l."table", l."record_id", l."stamp"
      from (select 1) as one left join logged l on true`.execute(trx);
    if (rows[0]!.stale) return null;
    const inserted = new Set(rows.filter((r): r is typeof r & LogKey => r.table != null).map(logKey));
    return inserted.size === log.length ? [] : log.filter((r) => !inserted.has(logKey(r)));
  },

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
