/**
 * The yearly pick-lists an admin edits (migration 0015; core/pick-lists.ts): one row per kind and
 * year, the values as JSON. Every value ever saved also goes into `pick_list_values`, which is
 * never pruned: the server accepts an entry's value when it was ever offered (sync/list-values.ts).
 * Its own small interface, so the rest of the store does not grow for it.
 */
import type { Kysely } from 'kysely';
import type { PickListKind, YearlyList } from '../../core/index.ts';
import { num } from './rows.ts';

interface PickListsTable {
  kind: string;
  year: number;
  items: string;
  updated_at: number | string;
}

interface PickListValuesTable {
  kind: string;
  value: string;
}

interface PickListTables {
  pick_lists: PickListsTable;
  pick_list_values: PickListValuesTable;
}

export interface PickListStore {
  /** Every edited list, by kind then year. */
  pickLists(): Promise<YearlyList[]>;
  /** Replace one year's list (already validated) and remember its values. */
  putPickList(kind: PickListKind, year: number, items: readonly string[], now: number): Promise<YearlyList>;
  /** Which of `values` were ever saved on a list of `kind`. */
  knownPickValues(kind: PickListKind, values: readonly string[]): Promise<Set<string>>;
}

function parseItems(json: string): string[] {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

// The store's Database type belongs to another file; these two tables are only read here.
export function pickListMethods<DB>(database: Kysely<DB>): PickListStore {
  const db = database as unknown as Kysely<PickListTables>;
  return {
    async pickLists() {
      const rows = await db.selectFrom('pick_lists').selectAll().orderBy('kind').orderBy('year').execute();
      return rows.flatMap((r) =>
        r.kind === 'tematik' || r.kind === 'kippKategori'
          ? [{ kind: r.kind, year: num(r.year), items: parseItems(r.items), updatedAt: num(r.updated_at) }]
          : [],
      );
    },

    async putPickList(kind, year, items, now) {
      const list = [...items];
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('pick_lists')
          .values({ kind, year, items: JSON.stringify(list), updated_at: now })
          .onConflict((oc) =>
            oc.columns(['kind', 'year']).doUpdateSet({ items: JSON.stringify(list), updated_at: now }),
          )
          .execute();
        if (list.length > 0)
          await tx
            .insertInto('pick_list_values')
            .values(list.map((value) => ({ kind, value })))
            .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
            .execute();
      });
      return { kind, year, items: list, updatedAt: now };
    },

    async knownPickValues(kind, values) {
      if (values.length === 0) return new Set();
      const rows = await db
        .selectFrom('pick_list_values')
        .select('value')
        .where('kind', '=', kind)
        .where('value', 'in', [...new Set(values)])
        .execute();
      return new Set(rows.map((r) => r.value));
    },
  };
}
