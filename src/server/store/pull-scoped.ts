/**
 * A pull page filtered to what one principal may read (ReadScope). The cursor is the global seq,
 * so a page that skips other workshops' rows must still move the cursor past them, or a device
 * would scan the same rows forever: a page that is not full moves the cursor to the highest seq
 * committed, read in the same statement as the page. One statement sees one snapshot, and seqs
 * commit in order (kysely-store.ts), so no row up to that seq can appear later and be skipped.
 * The filter runs in SQL on indexed columns, so `more` is exact however many rows are filtered
 * out. One query, not two: a round trip less for every device's sync on PostgreSQL.
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
  // The page as a subquery left-joined to the highest seq, so an empty page still brings it.
  const joined = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('records')
        .select((r) => r.fn.max('seq').as('top'))
        .as('t'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('records')
          .select(['table', 'id', 'fields', 'stamps', 'bases', 'seq'])
          .where('seq', '>', since)
          .where((w) => inScope(w, scope))
          .orderBy('seq')
          .limit(limit + 1)
          .as('p'),
      (join) => join.onTrue(),
    )
    .select(['t.top', 'p.table', 'p.id', 'p.fields', 'p.stamps', 'p.bases', 'p.seq'])
    .orderBy('p.seq')
    .execute();
  const top = joined[0]?.top;
  const bound = top == null ? since : Math.max(since, num(top));
  const rows = joined.flatMap((r) =>
    r.seq === null || r.table === null || r.id === null
      ? []
      : [{ table: r.table, id: r.id, fields: r.fields!, stamps: r.stamps!, bases: r.bases!, seq: r.seq }],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const cursor = more ? num(page.at(-1)!.seq) : bound;
  return { rows: page, cursor, more };
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
