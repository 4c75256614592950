/**
 * Reads of the replica for screens that show records as they are stored (the admin's entry and
 * report, printouts, a workshop's state). Screens call these instead of opening Dexie tables, so
 * every reader and writer of synced data is in src/app/db/ and src/app/replica/, and a change to
 * how records are stored is made there.
 */
import type { SyncedTable } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import { readRows, type CachedRow, type RowCache, type RowCacheUpdate } from '../db/row-cache.ts';
import type { StoredRecord } from '../db/types.ts';

/** One stored record, or undefined when the device does not hold it. */
export async function readRecord(
  d: LumbungDb,
  table: SyncedTable,
  id: string,
): Promise<StoredRecord | undefined> {
  return (await d.table(table).get(id)) as StoredRecord | undefined;
}

/** Every stored record of a table (tombstones included: the caller decides what to show). */
export async function readAll(d: LumbungDb, table: SyncedTable): Promise<StoredRecord[]> {
  return (await d.table(table).toArray()) as StoredRecord[];
}

/** The dashboard's cached rows per entry and every workshop record, read in one transaction so
 * the two agree. */
export async function readDashboard<R extends CachedRow>(
  d: LumbungDb,
  cache: RowCache<R>,
): Promise<{ rows: R[]; update: RowCacheUpdate<R>; workshops: StoredRecord[] }> {
  return d.transaction('r', [d.entries, cache.table(d), d.meta, d.workshops], async () => {
    const { rows, update } = await readRows(d, cache);
    return { rows, update, workshops: await d.workshops.toArray() };
  });
}

/**
 * Every stored record of `tables`, visited one by one in a single read transaction: a
 * consistent picture across the tables without holding them all in memory at once (the admin's
 * copy is the whole Pemda).
 */
export async function scanRecords(
  d: LumbungDb,
  tables: readonly SyncedTable[],
  visit: (table: SyncedTable, r: StoredRecord) => void,
): Promise<void> {
  await d.transaction(
    'r',
    tables.map((t) => d.table(t)),
    async () => {
      for (const t of tables) await d.table(t).each((r: StoredRecord) => visit(t, r));
    },
  );
}
