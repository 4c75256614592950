/**
 * Pull pages bounded in bytes as well as in records (DESIGN.md "Pages"): a page holds about
 * PULL_PAGE_BYTES of record JSON, always at least one record, and a page cut short by bytes says
 * `more` with a cursor at its last record, so the next page resumes exactly there.
 *
 * Memory is bounded too, not only the answer: the page's query brings each row's size and, for a
 * small row, its columns; a large row's columns (up to 1 MB each) are read in a second query and
 * only for the rows the page keeps. So a page of 500 maximal entries never reads 500 of them:
 * 12 such pulls at once held 6 GB before. Seqs are never reused and a rewrite moves a
 * record to a higher seq, so a row found again at its seq is the very version sized in the first
 * query, and one gone from it will come on a later page.
 */
import { sql, type Kysely } from 'kysely';
import { PULL_PAGE_BYTES } from '../../core/index.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

/** A row whose JSON is at most this many bytes comes with the page's first query. */
const INLINE_ROW_BYTES = 4096;
/** What a record's JSON adds to its columns: the keys, table name and punctuation. */
const ROW_OVERHEAD = 64;

/** A page's row as the first query brings it: columns null when the row is too big to inline. */
export interface SizedRow {
  table: string;
  id: string;
  seq: number | string;
  size: number | string;
  fields: string | null;
  stamps: string | null;
  bases: string | null;
}

export interface FullRow {
  table: string;
  id: string;
  seq: number | string;
  fields: string;
  stamps: string;
  bases: string;
}

const col = (name: 'fields' | 'stamps' | 'bases' | 'id') => sql.ref(`records.${name}`);
/** Bytes of a record's JSON, less the overhead (octet_length needs no detoasting on PostgreSQL). */
const rowBytes = sql<number>`octet_length(${col('fields')}) + octet_length(${col('stamps')}) + octet_length(${col('bases')}) + octet_length(${col('id')})`;
const inline = (name: 'fields' | 'stamps' | 'bases') =>
  sql<string | null>`case when ${rowBytes} <= ${sql.lit(INLINE_ROW_BYTES)} then ${col(name)} end`;

/** The select list of a page's first query on `records`. */
export const sizedColumns = [
  'records.table',
  'records.id',
  'records.seq',
  rowBytes.as('size'),
  inline('fields').as('fields'),
  inline('stamps').as('stamps'),
  inline('bases').as('bases'),
] as const;

/**
 * The rows of a page (at most `limit` of them, in seq order) that fit `budget` bytes, at least
 * one; `cut` when rows of the page were left for the next one.
 */
export function cutByBytes<R extends SizedRow>(rows: R[], budget: number): { rows: R[]; cut: boolean } {
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    total += num(rows[i]!.size) + ROW_OVERHEAD;
    if (total > budget && i > 0) return { rows: rows.slice(0, i), cut: true };
  }
  return { rows, cut: false };
}

/** The page's rows with every column: large rows read now, by seq; a row rewritten since the
 * first query is no longer at its seq and is left out (it comes on a later page). */
export async function fillLarge(db: Kysely<Database>, rows: SizedRow[]): Promise<FullRow[]> {
  const missing = rows.filter((r) => r.fields === null || r.stamps === null || r.bases === null);
  if (missing.length === 0) return rows as FullRow[];
  const found = await db
    .selectFrom('records')
    .select(['table', 'id', 'fields', 'stamps', 'bases', 'seq'])
    .where(
      'seq',
      'in',
      missing.map((r) => r.seq),
    )
    .execute();
  const bySeq = new Map(found.map((r) => [num(r.seq), r]));
  return rows.flatMap((r) => {
    if (r.fields !== null && r.stamps !== null && r.bases !== null) return [r as FullRow];
    const full = bySeq.get(num(r.seq));
    return full && full.table === r.table && full.id === r.id ? [full] : [];
  });
}

/**
 * The page as JSON, held to `budget` by its actual bytes: the first query sized the columns as
 * stored, and a record stored with shared stamps grows when written out with a stamp per field
 * for a device that does not read them. A page cut here ends at its last record, like one cut by
 * the first query.
 */
export function trimJson(
  page: { rows: { seq: number | string }[]; cursor: number; more: boolean },
  json: string[],
  budget: number,
): { records: string[]; cursor: number; more: boolean } {
  let total = 0;
  for (let i = 0; i < json.length; i++) {
    total += Buffer.byteLength(json[i]!) + 1;
    if (total > budget && i > 0)
      return { records: json.slice(0, i), cursor: num(page.rows[i - 1]!.seq), more: true };
  }
  return { records: json, cursor: page.cursor, more: page.more };
}

export { PULL_PAGE_BYTES };
