/**
 * What the replica already holds of the records a merge is about to touch, read at once and
 * kept in memory while the merge runs (a record may come twice in one page: the second merge
 * starts from the first).
 */
import type { RecordDoc } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { StoredRecord } from '../db/types.ts';

/** table → id → the stored record (undefined when the device does not hold it). */
export type Held = Map<string, Map<string, StoredRecord | undefined>>;

export async function readHeld(d: LumbungDb, docs: readonly RecordDoc[]): Promise<Held> {
  const held: Held = new Map();
  for (const doc of docs) {
    if (!held.has(doc.table)) held.set(doc.table, new Map());
    held.get(doc.table)!.set(doc.id, undefined);
  }
  for (const [table, recs] of held) await readStored(d, table, recs);
  return held;
}

/**
 * Fill `recs` (id → undefined) with the stored records. Pulled ids are mostly uuidv7s of one
 * period, so the page's id range usually holds few other records: counted first (keys only), an
 * empty range (a fresh device) needs no read at all and a sparse one is one range read instead of
 * one get per id; a crowded range falls back to bulkGet.
 */
async function readStored(
  d: LumbungDb,
  table: string,
  recs: Map<string, StoredRecord | undefined>,
): Promise<void> {
  const ids = [...recs.keys()];
  const t = d.table(table);
  if (ids.length > 1) {
    const sorted = [...ids].sort();
    const range = t.where(':id').between(sorted[0]!, sorted.at(-1)!, true, true);
    const n = await range.count();
    if (n === 0) return;
    if (n <= 2 * ids.length) {
      for (const row of (await range.toArray()) as StoredRecord[])
        if (recs.has(row.id)) recs.set(row.id, row);
      return;
    }
  }
  const rows = (await t.bulkGet(ids)) as (StoredRecord | undefined)[];
  ids.forEach((id, i) => recs.set(id, rows[i]));
}
