/**
 * A pull page filtered to what one principal may read (ReadScope). The cursor is the global seq,
 * so a page that skips other workshops' rows must still move the cursor past them, or a device
 * would scan the same rows forever: the query is bounded by the highest seq committed when it
 * starts (later commits get higher seqs, see sync-store.ts), and a page that is not full moves
 * the cursor to that bound. The filter runs in SQL on indexed columns, so `more` is exact however
 * many rows are filtered out.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { cutByBytes, fillLarge, sizedColumns, type SizedRow } from './pull-bytes.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';
import type { DbEngine } from './lifecycle.ts';
import type { ReadScope } from './sync-types.ts';

type PageRow = SizedRow;
/** What a pull asks for: rows after `since` in `scope`, `limit` of them (one more tells `more`). */
interface PageAsk {
  since: number;
  limit: number;
  scope: Exclude<ReadScope, { kind: 'all' }>;
}
/** The page's rows (limit + 1 at most) and the highest seq when it was read (null: no records). */
interface BoundedRows {
  rows: PageRow[];
  top: number | string | null | undefined;
}

export async function pullScoped(
  db: Kysely<Database>,
  engine: DbEngine,
  since: number,
  limit: number,
  scope: Exclude<ReadScope, { kind: 'all' }>,
  budget: number,
) {
  const ask = { since, limit, scope };
  const { rows, top } = engine === 'postgres' ? await pageWithBound(db, ask) : await boundThenPage(db, ask);
  const bound = boundOf(top, since);
  const full = rows.length > limit;
  // Cut by bytes too (pull-bytes.ts): a page cut short ends at its last record, like a full one.
  const { rows: page, cut } = cutByBytes(rows.slice(0, limit), budget);
  const more = full || cut;
  const cursor = more ? num(page.at(-1)!.seq) : bound;
  return { rows: await fillLarge(db, page), cursor, more };
}

/** The cursor a page that is not full moves to: the highest seq read, never back before `since`. */
function boundOf(top: BoundedRows['top'], since: number): number {
  return top == null ? since : Math.max(since, num(top));
}

/** The page's query, up to `bound` (a number or a subquery). */
function pageQuery(
  db: Kysely<Database>,
  { since, limit, scope }: PageAsk,
  bound: number | ((eb: ExpressionBuilder<Database, 'records'>) => ReturnType<typeof maxSeq>),
) {
  return db
    .selectFrom('records')
    .select([...sizedColumns])
    .where('seq', '>', since)
    .where((eb) => eb('seq', '<=', typeof bound === 'number' ? bound : bound(eb)))
    .where((eb) => inScope(eb, scope))
    .orderBy('seq')
    .limit(limit + 1);
}

/** The highest seq of all records, as `m` (null: no records). */
function topSeq(db: Kysely<Database>) {
  return db.selectFrom('records').select((eb) => eb.fn.max('seq').as('m'));
}

/** The same bound as a subquery inside the page's own query (aliased apart from its table). */
function maxSeq(eb: ExpressionBuilder<Database, 'records'>) {
  return eb.selectFrom('records as top').select((t) => t.fn.max('top.seq').as('m'));
}

/**
 * SQLite: the bound, then the page up to it. Both run in this process (no round trip), and the
 * page is read straight off the seq index, where a join would first copy its rows into a
 * temporary table (server-sync's pull of 10,000 entries: ~0.13 s against ~0.15 s).
 */
async function boundThenPage(db: Kysely<Database>, ask: PageAsk): Promise<BoundedRows> {
  const top = (await topSeq(db).executeTakeFirst())?.m;
  return { rows: await pageQuery(db, ask, boundOf(top, ask.since)).execute(), top };
}

/**
 * PostgreSQL: the bound and the page in ONE statement, so one round trip and one snapshot: the
 * bound's one-row table left-joined to the page (an empty page still brings the bound; the page's
 * own `seq <= max(seq)` reads the same snapshot, so it is the same number). Each statement is a
 * socket write and a wake-up of a backend, the largest part of the server's CPU for a small sync
 * (npm run bench -- server-load, profile of the arrivals).
 */
async function pageWithBound(db: Kysely<Database>, ask: PageAsk): Promise<BoundedRows> {
  const joined = await db
    .selectFrom(topSeq(db).as('b'))
    .leftJoin(pageQuery(db, ask, maxSeq).as('r'), (join) => join.onTrue())
    .select(['b.m as bound', 'r.table', 'r.id', 'r.seq', 'r.size', 'r.fields', 'r.stamps', 'r.bases'])
    .execute();
  const rows = joined.flatMap(({ table, id, seq, size, fields, stamps, bases }) =>
    table === null || id === null || seq === null || size === null
      ? []
      : [{ table, id, seq, size, fields, stamps, bases }],
  );
  // The page is ordered in its subquery, but a join promises no order: sorted here.
  rows.sort((a, b) => num(a.seq) - num(b.seq));
  return { rows, top: joined[0]?.bound };
}

/** The records `scope` may read, as a condition on the indexed scope columns of `records`. */
export function inScope(
  eb: ExpressionBuilder<Database, 'records'>,
  scope: Exclude<ReadScope, { kind: 'all' }>,
) {
  if (scope.kind === 'workshop') return eb('workshop_id', '=', scope.workshopId);
  const ws = scope.workshopId;
  return eb.or([
    eb.and([
      eb('owner_id', '=', scope.ownerId),
      ws === null ? eb('workshop_id', 'is', null) : eb('workshop_id', '=', ws),
    ]),
    // The workshop's own record (name, OPD list, settings) for everyone in it.
    ...(ws === null ? [] : [eb.and([eb('table', '=', 'workshops'), eb('id', '=', ws)])]),
  ]);
}
