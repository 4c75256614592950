/**
 * A small cached row per entry, so a screen that needs a few fields of every entry ("Entri
 * saya"'s list, the admin dashboard at 50,000 entries) does not deserialise every merge document
 * (fields with long texts, stamps, bases) each time it opens. A cache only: never synced, never
 * the source of truth, rebuilt from the records whenever it may be wrong.
 *
 * A read takes the cached rows plus the records written since the newest cached write (the
 * `updatedAt` index, from a little before it so a write in the same millisecond or a clock
 * nudged back is read again), and rebuilds from every record when there is no cache yet, when
 * the counts differ (an entry the catch-up cannot see, one that is gone) or when the clock is
 * behind the newest write (what is written now would be older than the catch-up). The window
 * stays small because everything in it is read again on every load: after a pull of 10,000
 * entries, all of them were written within the same few minutes.
 *
 * Reads run inside the caller's live query, which must not write: `saveRows` stores what a read
 * found missing or changed, afterwards. That write wakes the query once more, and that read
 * finds nothing to store.
 */
import type { EntityTable } from 'dexie';
import { eachBatch } from './batches.ts';
import type { LumbungDb } from './db.ts';
import type { StoredRecord } from './types.ts';

export interface CachedRow {
  id: string;
  updatedAt: number;
}

export interface RowCache<R extends CachedRow> {
  table(d: LumbungDb): EntityTable<R, 'id'>;
  /** meta key of the newest updatedAt the cache has seen. */
  upToKey: string;
  rowOf(rec: StoredRecord): R;
  same(a: R, b: R): boolean;
}

export interface RowCacheUpdate<R> {
  rows: R[];
  /** True when every record was read: replace the cache rather than add to it. */
  rebuilt: boolean;
  /** The newest updatedAt among all entries read: where the next catch-up starts. */
  upTo: number;
}

const RECHECK_MS = 2000;
const RECORD_BATCH = 250;
const ROW_BATCH = 2000;

/** Every entry's row. Call inside a read transaction over entries, meta and the cache table. */
export async function readRows<R extends CachedRow>(
  d: LumbungDb,
  cache: RowCache<R>,
  now: () => number = Date.now,
): Promise<{ rows: R[]; update: RowCacheUpdate<R> }> {
  const upToRow = await d.meta.get(cache.upToKey);
  const upTo = typeof upToRow?.value === 'number' ? upToRow.value : null;
  let rows = new Map<string, R>();
  const changed: R[] = [];
  if (upTo !== null) {
    await eachBatch(cache.table(d), ROW_BATCH, (batch) => {
      for (const r of batch) rows.set(r.id, r);
    });
    const recent = await d.entries
      .where('updatedAt')
      .aboveOrEqual(upTo - RECHECK_MS)
      .toArray();
    for (const rec of recent) {
      const row = cache.rowOf(rec);
      const old = rows.get(row.id);
      if (!old || !cache.same(old, row)) changed.push(row);
      rows.set(row.id, row);
    }
  }
  let rebuilt = false;
  if (upTo === null || upTo > now() || rows.size !== (await d.entries.count())) {
    rebuilt = true;
    rows = new Map();
    changed.length = 0;
    await eachBatch(d.entries, RECORD_BATCH, (batch) => {
      for (const rec of batch) {
        const row = cache.rowOf(rec);
        rows.set(row.id, row);
        changed.push(row);
      }
    });
  }
  let newest = 0;
  for (const r of rows.values()) if (r.updatedAt > newest) newest = r.updatedAt;
  return { rows: [...rows.values()], update: { rows: changed, rebuilt, upTo: newest } };
}

/** Store what readRows found missing or changed (nothing to do when it found nothing). */
export async function saveRows<R extends CachedRow>(
  d: LumbungDb,
  cache: RowCache<R>,
  u: RowCacheUpdate<R>,
): Promise<void> {
  if (!u.rebuilt && u.rows.length === 0) return;
  const table = cache.table(d);
  await d.transaction('rw', [table, d.meta], async () => {
    if (u.rebuilt) await table.clear();
    await table.bulkPut(u.rows);
    const old = await d.meta.get(cache.upToKey);
    const prev = typeof old?.value === 'number' ? old.value : 0;
    await d.meta.put({ key: cache.upToKey, value: u.rebuilt ? u.upTo : Math.max(prev, u.upTo) });
  });
}

/** Store it just after the live query that read it (which may not write); failures only cost
 * the next load a longer read. */
export function saveRowsSoon<R extends CachedRow>(
  d: LumbungDb,
  cache: RowCache<R>,
  u: RowCacheUpdate<R>,
): void {
  if (!u.rebuilt && u.rows.length === 0) return;
  setTimeout(() => void saveRows(d, cache, u).catch(() => undefined), 0);
}
