/**
 * The person's actions on an entry's sync notices. Restoring a lost value is a new local write
 * (a new stamp, so it wins now and reaches every device like any edit); the conflict is then
 * marked resolved the same way, so every device stops showing it.
 */
import type { LumbungDb } from '../db/db.ts';
import { discardChange, retryChange } from '../replica/outbox-actions.ts';
import type { LostValue } from '../replica/conflicts.ts';
import { writeRecord, type WriteOptions } from '../replica/local-write.ts';
import { SYNCED_TABLES, type SyncedTable } from '../../core/record.ts';

function isSyncedTable(t: string): t is SyncedTable {
  return (SYNCED_TABLES as readonly string[]).includes(t);
}

export async function restoreLost(d: LumbungDb, lost: LostValue, opts: WriteOptions = {}): Promise<void> {
  if (!isSyncedTable(lost.table)) return;
  await writeRecord(d, lost.table, lost.recordId, { [lost.field]: lost.value }, opts);
  await writeRecord(d, 'conflicts', lost.id, { resolved: true }, opts);
}

/** "Biarkan": the current value stays; the conflict is marked settled on every device. */
export async function keepCurrent(d: LumbungDb, lost: LostValue, opts: WriteOptions = {}): Promise<void> {
  await writeRecord(d, 'conflicts', lost.id, { resolved: true }, opts);
}

export { discardChange, retryChange };
