/**
 * How much waits in the outbox, as the person sees it: changes waiting, changes needing
 * attention, and the entries they belong to. Observed live for the sync chip and the scheduler.
 */
import { liveQuery } from 'dexie';
import type { LumbungDb } from '../db/db.ts';
import type { OutboxRow, StoredRecord } from '../db/types.ts';
import { needsAttention } from './outbox-state.ts';

export interface OutboxCounts {
  /** Changes waiting (the scheduler watches this grow). */
  pending: number;
  rejected: number;
  /** Entries with a waiting change, a photo, review or comment counting for its entry: what the
   * person calls "waiting". Undefined above ENTRY_COUNT_MAX changes. */
  entries?: number;
}

/** Above this many waiting changes (a whole workshop's first push) the entries are not told
 * apart: reading every row again on each outbox change would slow the push itself. */
const ENTRY_COUNT_MAX = 2000;
const CHILD_TABLES = new Set(['attachments', 'reviews', 'comments']);

async function waitingEntries(d: LumbungDb, retrying: readonly OutboxRow[]): Promise<number> {
  const rows = [...(await d.outbox.where('state').equals('pending').toArray()), ...retrying];
  const entries = new Set<string>();
  // A later change of a photo (its caption, its deletion) does not repeat its entryId.
  const ask = new Map<string, string[]>();
  for (const r of rows) {
    const entryId = r.fields.entryId;
    if (r.table === 'entries') entries.add(r.id);
    else if (typeof entryId === 'string') entries.add(entryId);
    else if (CHILD_TABLES.has(r.table)) ask.set(r.table, [...(ask.get(r.table) ?? []), r.id]);
    else entries.add(`${r.table}:${r.id}`);
  }
  for (const [table, ids] of ask) {
    const stored = (await d.table(table).bulkGet(ids)) as (StoredRecord | undefined)[];
    stored.forEach((rec, i) => {
      const entryId = rec?.fields.entryId;
      entries.add(typeof entryId === 'string' ? entryId : `${table}:${ids[i]!}`);
    });
  }
  return entries.size;
}

export async function outboxCounts(d: LumbungDb): Promise<OutboxCounts> {
  const [pending, rejected] = await Promise.all([
    d.outbox.where('state').equals('pending').count(),
    d.outbox.where('state').equals('rejected').toArray(),
  ]);
  // A change refused as "not on the server yet" waits for the next round: it is still waiting.
  const retrying = rejected.filter((r) => !needsAttention(r));
  const attention = rejected.length - retrying.length;
  const waiting = pending + retrying.length;
  if (waiting === 0) return { pending: waiting, rejected: attention, entries: 0 };
  if (waiting > ENTRY_COUNT_MAX) return { pending: waiting, rejected: attention };
  return { pending: waiting, rejected: attention, entries: await waitingEntries(d, retrying) };
}

/** Calls `cb` with the counts now and after every outbox change (any tab). Returns unsubscribe. */
export function observeOutbox(
  d: LumbungDb,
  cb: (c: OutboxCounts) => void,
  onError?: (e: unknown) => void,
): () => void {
  const sub = liveQuery(() => outboxCounts(d)).subscribe({ next: cb, error: (e: unknown) => onError?.(e) });
  return () => sub.unsubscribe();
}
