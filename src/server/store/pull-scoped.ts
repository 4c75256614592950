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
  const top = await db
    .selectFrom('records')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  const bound = top?.m == null ? since : Math.max(since, num(top.m));
  const rows = await db
    .selectFrom('records')
    .select(['table', 'id', 'fields', 'stamps', 'bases', 'seq'])
    .where('seq', '>', since)
    .where('seq', '<=', bound)
    .where((eb) => inScope(eb, scope))
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
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
