/**
 * The read side of conflicts for one record: server `conflicts` records and this device's own
 * history of values that lost, and the live notices (rejected changes, unresolved conflicts) an
 * entry shows.
 */
import { liveQuery } from 'dexie';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { OutboxRow } from '../db/types.ts';
import { needsAttention } from './outbox-state.ts';

/** One lost value to show on an entry: from a server `conflicts` record or the local history. */
export interface LostValue {
  /** conflictId of the lost write: the server's conflicts record and local history share it. */
  id: string;
  table: string;
  recordId: string;
  field: string;
  value: FieldValue;
  stamp: string;
  winnerStamp: string;
}

/**
 * Unresolved conflicts of one record: server conflict records plus local concurrent history. A
 * local verdict this device could not settle (`undecided`: it did not hold the whole chain of
 * bases) counts while the record still has changes in the outbox: once they reach the server,
 * which holds every write, the server's own conflict records (or their absence) decide.
 */
export async function unresolvedConflicts(d: LumbungDb, recordId: string): Promise<LostValue[]> {
  const [records, history] = await Promise.all([
    d.conflicts.where('fields.recordId').equals(recordId).toArray(),
    d.history.where('recordId').equals(recordId).toArray(),
  ]);
  const out = new Map<string, LostValue>();
  const resolved = new Set<string>();
  for (const c of records) {
    const f = c.fields;
    if (f.resolved === true || f.deleted === true) {
      resolved.add(c.id);
      continue;
    }
    out.set(c.id, {
      id: c.id,
      table: String(f.table),
      recordId: String(f.recordId),
      field: String(f.field),
      value: f.value ?? null,
      stamp: String(f.stamp),
      winnerStamp: String(f.winnerStamp),
    });
  }
  // A conflict known only from local history is resolved by a conflicts record holding just
  // `resolved` (no recordId to index on), so look those up by id.
  const waiting =
    history.some((h) => h.undecided) && (await d.outbox.where('id').equals(recordId).count()) > 0;
  const concurrent = history.filter(
    (h) => h.concurrent && (!h.undecided || waiting) && !resolved.has(h.id) && !out.has(h.id),
  );
  const marks = await d.conflicts.bulkGet(concurrent.map((h) => h.id));
  concurrent.forEach((h, i) => {
    const m = marks[i];
    if (m?.fields.resolved === true) return;
    out.set(h.id, {
      id: h.id,
      table: h.table,
      recordId: h.recordId,
      field: h.field,
      value: h.value,
      stamp: h.stamp,
      winnerStamp: h.winnerStamp,
    });
  });
  return [...out.values()].sort((a, b) => (a.stamp < b.stamp ? 1 : -1));
}

export interface RecordNotices {
  rejected: OutboxRow[];
  conflicts: LostValue[];
}

/** Live view of one record's rejected changes and unresolved conflicts. Returns unsubscribe. */
export function observeNotices(
  d: LumbungDb,
  recordId: string,
  cb: (n: RecordNotices) => void,
  onError?: (e: unknown) => void,
): () => void {
  const q = liveQuery(async () => {
    const rows = await d.outbox.where('id').equals(recordId).toArray();
    const rejected = rows.filter(needsAttention).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    return { rejected, conflicts: await unresolvedConflicts(d, recordId) };
  });
  const sub = q.subscribe({ next: cb, error: (e: unknown) => onError?.(e) });
  return () => sub.unsubscribe();
}
