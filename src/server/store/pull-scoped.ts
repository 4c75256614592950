/**
 * A pull page filtered to what one principal may read (ReadScope). The cursor is the global seq,
 * so a page that skips other workshops' rows must still move the cursor past them, or a device
 * would scan the same rows forever: the query is bounded by the highest seq committed when it
 * starts (later commits get higher seqs, see kysely-store.ts), and a page that is not full moves
 * the cursor to that bound. The filter runs in SQL on indexed columns, so `more` is exact however
 * many rows are filtered out.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { num } from './rows.ts';
import type { Database } from './schema.ts';
import type { ReadScope } from './types.ts';

export async function pullScoped(
  db: Kysely<Database>,
  since: number,
  limit: number,
  scope: Exclude<ReadScope, { kind: 'all' }>,
) {
  // The bound and the page in ONE statement, so one snapshot: the bound's one-row table joined
  // to the page (left join: an empty page still brings the bound). Two statements took two round
  // trips, on PostgreSQL each a socket write and a wake-up of its process, the largest part of
  // the server's CPU for a small sync (npm run bench -- server-load, profile of the arrivals).
  const maxSeq = (eb: ExpressionBuilder<Database, 'records'>) =>
    eb.selectFrom('records as top').select((t) => t.fn.max('top.seq').as('m'));
  const page = db
    .selectFrom('records')
    .select(['table', 'id', 'fields', 'stamps', 'bases', 'seq'])
    .where('seq', '>', since)
    .where((eb) => eb('seq', '<=', maxSeq(eb)))
    .where((eb) => inScope(eb, scope))
    .orderBy('seq')
    .limit(limit + 1);
  const joined = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('records')
        .select((t) => t.fn.max('seq').as('m'))
        .as('b'),
    )
    .leftJoin(page.as('r'), (join) => join.onTrue())
    .select(['b.m as bound', 'r.table', 'r.id', 'r.fields', 'r.stamps', 'r.bases', 'r.seq'])
    .orderBy('r.seq')
    .execute();
  const rows = joined.flatMap(({ table, id, fields, stamps, bases, seq }) =>
    table === null || id === null || fields === null || stamps === null || bases === null || seq === null
      ? []
      : [{ table, id, fields, stamps, bases, seq }],
  );
  const top = joined[0]?.bound;
  const bound = top == null ? since : Math.max(since, num(top));
  const more = rows.length > limit;
  const out = rows.slice(0, limit);
  const cursor = more ? num(out.at(-1)!.seq) : bound;
  return { rows: out, cursor, more };
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
