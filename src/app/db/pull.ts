/**
 * Applying a pull page: every incoming record is merged into the stored one, a LOCAL value that
 * loses goes to `history` (nothing typed is lost), the HLC state folds in the newest stamp seen
 * (so later local edits sort after it), and the cursor moves — all in ONE transaction, so a
 * crash either applies the whole page with its cursor or nothing (and the page comes again).
 * Also the read side of conflicts for one record (server `conflicts` records and local history).
 */
import { HLC_ZERO, receive, type Hlc, type HlcState } from '../../core/hlc.ts';
import { conflictId, mergeRecords } from '../../core/merge.ts';
import { SYNCED_TABLES, type FieldValue, type RecordDoc } from '../../core/record.ts';
import { liveQuery } from 'dexie';
import type { LumbungDb } from './db.ts';
import { needsAttention } from './outbox.ts';
import { META_KEYS } from './records.ts';
import { SYNC_KEYS } from './syncstate.ts';
import type { HistoryRow, OutboxRow, StoredRecord } from './types.ts';

export interface PullApplied {
  /** Records whose stored value changed. */
  changed: number;
  /** Local values that lost and went to history. */
  lost: number;
}

/**
 * Merge one pull page and store its cursor, in one transaction. `now` is corrected time.
 * `since`: the cursor the page was asked from. A stored cursor below it was set back meanwhile
 * ("Buang perubahan ini", leaving a workshop: a re-pull is due), and stays so: moving it on
 * would skip that re-pull. The page's records are merged either way.
 */
export async function applyPullPage(
  d: LumbungDb,
  docs: RecordDoc[],
  cursor: number,
  now: number,
  since?: number,
): Promise<PullApplied> {
  const tables = SYNCED_TABLES.map((t) => d.table(t));
  return d.transaction('rw', [d.meta, d.history, ...tables], async () => {
    let changed = 0;
    let lost = 0;
    let newest: Hlc | null = null;
    // Read every record the page touches at once, merge in memory (a record may come twice in
    // one page: the second merge starts from the first), then write the changed ones at once.
    const byTable = new Map<string, Map<string, StoredRecord | undefined>>();
    for (const doc of docs) {
      if (!byTable.has(doc.table)) byTable.set(doc.table, new Map());
      byTable.get(doc.table)!.set(doc.id, undefined);
    }
    for (const [table, recs] of byTable) await readStored(d, table, recs);
    const dirty = new Map<string, Map<string, StoredRecord>>();
    const history: HistoryRow[] = [];
    for (const incoming of docs) {
      for (const st of Object.values(incoming.stamps)) if (newest === null || st > newest) newest = st;
      const recs = byTable.get(incoming.table)!;
      const current = recs.get(incoming.id);
      const r = mergeRecords(current, incoming);
      if (r.changed.length === 0) continue;
      const stored: StoredRecord = { ...r.doc, updatedAt: now };
      recs.set(incoming.id, stored);
      if (!dirty.has(incoming.table)) dirty.set(incoming.table, new Map());
      dirty.get(incoming.table)!.set(incoming.id, stored);
      for (const l of r.lost) {
        if (!current || current.stamps[l.field] !== l.stamp) continue; // the loser came from the server
        history.push({ ...l, id: conflictId(l), at: now });
      }
    }
    for (const [table, recs] of dirty) {
      await d.table(table).bulkPut([...recs.values()]);
      changed += recs.size;
    }
    if (history.length) await d.history.bulkPut(history);
    lost = history.length;
    if (newest !== null) {
      const hlcRow = await d.meta.get(META_KEYS.hlc);
      const state = (hlcRow?.value as HlcState | undefined) ?? HLC_ZERO;
      await d.meta.put({ key: META_KEYS.hlc, value: { ...receive(state, newest, now) } });
    }
    const stored = (await d.meta.get(SYNC_KEYS.cursor))?.value;
    const setBack = since !== undefined && (typeof stored === 'number' ? stored : 0) < since;
    if (!setBack) await d.meta.put({ key: SYNC_KEYS.cursor, value: cursor });
    return { changed, lost };
  });
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
