/**
 * Which entries have an unresolved conflict (a value that lost to a concurrent edit, known from a
 * server `conflicts` record or from this device's own history), for the places a person already
 * looks: the list row, its "Perlu perhatian" filter and the sync line. The same rules as
 * conflicts.ts `unresolvedConflicts` for one record: a `conflicts` record marked resolved or deleted
 * settles it on every device. Conflicts are rare, so both tables are read whole.
 */
import { liveQuery } from 'dexie';
import type { LumbungDb } from '../db/db.ts';

/** Entry id → how many of its values lost and are not restored or dismissed yet. */
export async function conflictedEntries(d: LumbungDb): Promise<Map<string, number>> {
  const [records, history] = await Promise.all([
    d.conflicts.toArray(),
    d.history.filter((h) => h.concurrent === true).toArray(),
  ]);
  const settled = new Set<string>();
  const open = new Map<string, string>();
  for (const c of records) {
    const f = c.fields;
    if (f.resolved === true || f.deleted === true) settled.add(c.id);
    else if (f.table === 'entries' && typeof f.recordId === 'string') open.set(c.id, f.recordId);
  }
  for (const h of history) if (h.table === 'entries' && !settled.has(h.id)) open.set(h.id, h.recordId);
  const out = new Map<string, number>();
  for (const recordId of open.values()) out.set(recordId, (out.get(recordId) ?? 0) + 1);
  return out;
}

/** Calls `cb` with the number of entries with a conflict, now and after every change. */
export function observeConflictCount(
  d: LumbungDb,
  cb: (entries: number) => void,
  onError?: (e: unknown) => void,
): () => void {
  const sub = liveQuery(async () => (await conflictedEntries(d)).size).subscribe({
    next: cb,
    error: (e: unknown) => onError?.(e),
  });
  return () => sub.unsubscribe();
}
