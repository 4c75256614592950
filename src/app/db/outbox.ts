/**
 * The outbox seen from the sync engine: pages to push, the server's answer applied in one
 * transaction, blobs to upload first, re-stamping after a clock-skew refusal, and the person's
 * own actions on a rejected change (discard, retry). A row leaves the outbox only when the
 * server accepted it or the person discarded it: retries are harmless because the server's merge
 * is idempotent, so a lost answer only means the next push is a replay.
 */
import { liveQuery } from 'dexie';
import { HLC_ZERO, hlcWall, receive, tick, type Hlc, type HlcState } from '../../core/hlc.ts';
import type { Change, Rejected } from '../../core/protocol.ts';
import { SYNCED_TABLES } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { META_KEYS } from './records.ts';
import { SYNC_KEYS } from './syncstate.ts';
import type { BlobRow, OutboxRow, StoredRecord } from './types.ts';

export const CLOCK_AHEAD = 'api.clock_ahead';
/** The server does not hold the record (or entry) a change edits yet: retried next round. */
export const NOT_YET = 'api.not_yet';
/** Rounds a "not on the server yet" change is retried before it stays in "perlu perhatian" (its
 * record's creation may itself be parked, or gone with a reset device). */
export const NOT_YET_ROUNDS = 20;

/** Whether a row is in "perlu perhatian": rejected, and not merely waiting for its record's
 * creation to reach the server (that one is retried, and shows as still being sent). */
export function needsAttention(row: OutboxRow): boolean {
  return row.state === 'rejected' && !(row.error?.code === NOT_YET && row.attempts < NOT_YET_ROUNDS);
}

/** The wire form of an outbox row: exactly the Change, no local bookkeeping. */
export function toWire(row: OutboxRow): Change {
  const { changeId, table, id, fields, stamps, bases } = row;
  return { changeId, table, id, fields, stamps, bases };
}

/**
 * Oldest pending rows, at most `maxChanges` and about `maxBytes` of JSON (at least one row).
 * With `afterSeq`, only rows after that outbox position: the page that follows one still in
 * flight (its rows are pending until its answer is applied).
 */
export async function nextPushPage(
  d: LumbungDb,
  maxChanges: number,
  maxBytes: number,
  afterSeq?: number,
  hold?: ReadonlySet<string>,
): Promise<OutboxRow[]> {
  const held = (r: OutboxRow) => hold !== undefined && hold.has(r.id);
  const rows =
    afterSeq === undefined
      ? await d.outbox
          .where('state')
          .equals('pending')
          .filter((r) => !held(r))
          .limit(maxChanges)
          .toArray()
      : await d.outbox
          .where('seq')
          .above(afterSeq)
          .filter((r) => r.state === 'pending' && !held(r))
          .limit(maxChanges)
          .toArray();
  rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const page: OutboxRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    const size = JSON.stringify(toWire(r)).length + 1;
    if (page.length > 0 && bytes + size > maxBytes) break;
    page.push(r);
    bytes += size;
  }
  return page;
}

/**
 * Photos on this device the server does not have yet, in outbox order, each with the attachment
 * records whose pending changes name it: those records wait until their photo is up, so text
 * never waits behind photos (DESIGN.md "Pages").
 */
export async function photosWaiting(
  d: LumbungDb,
): Promise<{ sha256: string; records: string[]; rows: OutboxRow[] }[]> {
  const notUp = new Set(await d.blobs.where('uploaded').equals(0).primaryKeys());
  if (notUp.size === 0) return [];
  const rows = await d.outbox
    .where('state')
    .equals('pending')
    .filter((r) => r.table === 'attachments' && typeof r.fields.sha256 === 'string')
    .toArray();
  rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const bySha = new Map<string, { sha256: string; records: string[]; rows: OutboxRow[] }>();
  for (const r of rows) {
    const sha = r.fields.sha256 as string;
    if (!notUp.has(sha)) continue;
    const w = bySha.get(sha) ?? { sha256: sha, records: [], rows: [] };
    if (!w.records.includes(r.id)) w.records.push(r.id);
    w.rows.push(r);
    bySha.set(sha, w);
  }
  return [...bySha.values()];
}

export async function blobFor(d: LumbungDb, row: OutboxRow): Promise<BlobRow | null | undefined> {
  if (row.table !== 'attachments' || typeof row.fields.sha256 !== 'string') return undefined;
  return (await d.blobs.get(row.fields.sha256)) ?? null;
}

export async function markBlobUploaded(d: LumbungDb, sha256: string): Promise<void> {
  await d.blobs.update(sha256, { uploaded: 1 });
}

/** Park rows in "perlu perhatian" with a reason made on the device (e.g. a photo that is gone). */
export async function rejectLocally(
  d: LumbungDb,
  changeIds: string[],
  error: OutboxRow['error'],
): Promise<void> {
  await d.transaction('rw', d.outbox, async () => {
    for (const changeId of changeIds) {
      const row = await d.outbox.get({ changeId });
      if (row?.seq !== undefined)
        await d.outbox.update(row.seq, { state: 'rejected', error, attempts: row.attempts + 1 });
    }
  });
}

/**
 * At the start of a sync round: changes refused only because their record was not on the server
 * yet go back to pending, so they leave again after what was sent before them (kept rejected
 * until then, so a round never sends one in a loop). After NOT_YET_ROUNDS tries they stay.
 */
export async function retryNotYet(d: LumbungDb): Promise<number> {
  return d.transaction('rw', d.outbox, async () => {
    const rows = await d.outbox.where('state').equals('rejected').toArray();
    let n = 0;
    for (const row of rows) {
      if (row.error?.code !== NOT_YET || row.attempts >= NOT_YET_ROUNDS || row.seq === undefined) continue;
      await d.outbox.update(row.seq, { state: 'pending', error: undefined });
      n++;
    }
    return n;
  });
}

/**
 * Apply the push half of a sync answer in ONE transaction: accepted rows go, rejected rows stay
 * with the server's reason, never retried automatically. Clock-ahead refusals stay pending (the
 * engine re-stamps and resends them). `sent` is the page as read from the outbox (its rows'
 * primary keys). Returns the ids refused for clock skew.
 */
export async function applyPushResult(
  d: LumbungDb,
  accepted: string[],
  rejected: Rejected[],
  sent: readonly OutboxRow[] = [],
): Promise<string[]> {
  const ahead: string[] = [];
  // Rows of the page just sent are deleted by primary key (one bulk request); any accepted id
  // not among them (none, unless a caller passes no page) goes through the changeId index.
  const seqOf = new Map(sent.map((r) => [r.changeId, r.seq]));
  const bySeq: number[] = [];
  const byId: string[] = [];
  for (const id of accepted) {
    const seq = seqOf.get(id);
    if (seq !== undefined) bySeq.push(seq);
    else byId.push(id);
  }
  await d.transaction('rw', d.outbox, async () => {
    if (bySeq.length) await deleteSeqs(d, bySeq);
    if (byId.length) await d.outbox.where('changeId').anyOf(byId).delete();
    for (const r of rejected) {
      const row = await d.outbox.get({ changeId: r.id });
      if (row?.seq === undefined) continue;
      if (r.code === CLOCK_AHEAD) {
        ahead.push(r.id);
        await d.outbox.update(row.seq, { attempts: row.attempts + 1 });
        continue;
      }
      const error: NonNullable<OutboxRow['error']> = {
        code: r.code,
        message: r.message,
        messageEn: r.messageEn,
      };
      if (r.issues) error.issues = r.issues;
      await d.outbox.update(row.seq, { state: 'rejected', error, attempts: row.attempts + 1 });
    }
  });
  return ahead;
}

/**
 * Delete outbox rows by primary key, inside the caller's transaction. Seqs are integers, so each
 * run of consecutive seqs is a key range holding nothing but those rows: it goes in one range
 * delete, about five times faster in Chromium than one delete per key (each of those also updates
 * three indexes through its own request). A page is usually a single run (the oldest pending
 * rows, all accepted); rows in the gaps between runs (a parked change) are never touched.
 */
async function deleteSeqs(d: LumbungDb, seqs: number[]): Promise<void> {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j === i) await d.outbox.delete(sorted[i]!);
    else await d.outbox.where(':id').between(sorted[i]!, sorted[j]!, true, true).delete();
    i = j + 1;
  }
}

export interface RestampOptions {
  /** Learned offset from server time (server − local clock). */
  offset: number;
  /** Server time of the answer that taught the offset. */
  serverNow: number;
  node: string;
  /** A stamp further than this from the edit's real time counts as skewed. */
  tolerance: number;
}

/**
 * Give skewed pending changes the real time they were made. A change's real time is its local
 * `createdAt` plus the offset learned from the server; a stamp further than `tolerance` from it
 * (a clock a year ahead, or a year behind) gets that time instead. Stamps are re-issued in
 * outbox order by a small HLC that first folds in each field's base, so an edit still sorts
 * after the value its author saw and after the device's own earlier edits. Outbox rows, local
 * records and later rows' bases are rewritten in ONE transaction together with the clock state.
 * When stamps moved back and the device had already pulled, the cursor goes back to 0: a value
 * pulled earlier may have lost locally to the skewed stamp, and a re-pull lets merge redo that.
 * Returns how many changes were re-stamped.
 */
export async function restampSkewed(d: LumbungDb, o: RestampOptions): Promise<number> {
  const tables = SYNCED_TABLES.map((t) => d.table(t));
  return d.transaction('rw', [d.outbox, d.meta, ...tables], async () => {
    const rows = await d.outbox.orderBy('seq').toArray();
    const map = new Map<Hlc, Hlc>();
    let clock: HlcState = HLC_ZERO;
    let restamped = 0;
    let movedBack = false;
    const touched = new Map<string, { table: string; id: string }>();
    for (const row of rows) {
      const real = Math.min(row.createdAt + o.offset, o.serverNow);
      const skewed = row.state === 'pending' && isSkewed(row, o);
      const next: OutboxRow = { ...row, stamps: { ...row.stamps }, bases: { ...row.bases } };
      for (const [f, b] of Object.entries(row.bases)) if (b && map.has(b)) next.bases[f] = map.get(b)!;
      if (skewed) {
        // One new stamp per old one, in stamp order: the fields of one write share their stamp
        // (writeRecord), and keep sharing it, so the map from old to new stays a function.
        const olds = [...new Set(Object.values(row.stamps))].sort();
        for (const old of olds) {
          const fields = Object.keys(row.stamps).filter((f) => row.stamps[f] === old);
          for (const f of fields) {
            const base = next.bases[f];
            if (base) clock = receive(clock, base, real);
          }
          const t = tick(clock, real, o.node);
          clock = t.state;
          if (t.stamp < old) movedBack = true;
          map.set(old, t.stamp);
          for (const f of fields) next.stamps[f] = t.stamp;
        }
        restamped++;
      }
      if (skewed || Object.keys(row.bases).some((f) => next.bases[f] !== row.bases[f])) {
        await d.outbox.put(next);
        touched.set(`${row.table}/${row.id}`, { table: row.table, id: row.id });
      }
    }
    if (restamped === 0) return 0;

    for (const { table, id } of touched.values()) {
      const rec = (await d.table(table).get(id)) as StoredRecord | undefined;
      if (!rec) continue;
      const stamps = { ...rec.stamps };
      const bases = { ...rec.bases };
      for (const f of Object.keys(stamps)) if (map.has(stamps[f]!)) stamps[f] = map.get(stamps[f]!)!;
      for (const f of Object.keys(bases)) if (bases[f] && map.has(bases[f])) bases[f] = map.get(bases[f])!;
      await d.table(table).put({ ...rec, stamps, bases });
    }

    // The clock itself: never beyond what the server accepts, never below what was issued now.
    const hlcRow = await d.meta.get(META_KEYS.hlc);
    const cur = (hlcRow?.value as HlcState | undefined) ?? HLC_ZERO;
    const ceiling = o.serverNow + o.tolerance;
    const clamped: HlcState = cur.wall > ceiling ? { wall: ceiling, counter: 0 } : cur;
    const state =
      clamped.wall > clock.wall || (clamped.wall === clock.wall && clamped.counter >= clock.counter)
        ? clamped
        : clock;
    await d.meta.put({ key: META_KEYS.hlc, value: { ...state } });

    const cursor = await d.meta.get(SYNC_KEYS.cursor);
    if (movedBack && typeof cursor?.value === 'number' && cursor.value > 0) {
      await d.meta.put({ key: SYNC_KEYS.cursor, value: 0 });
    }
    return restamped;
  });
}

/**
 * Whether a row's stamps are far from the real time of its edit: ahead of what the server
 * accepts, or behind the edit's real time. "Behind" counts only when that real time is not in
 * the future: if it were, the clock moved AFTER the edit (it was right then, wrong now) and the
 * stamp is the better witness.
 */
function isSkewed(row: OutboxRow, o: Omit<RestampOptions, 'node'>): boolean {
  const real = row.createdAt + o.offset;
  const plausible = real <= o.serverNow + o.tolerance;
  return Object.values(row.stamps).some((s) => {
    const w = hlcWall(s);
    return w > o.serverNow + o.tolerance || (plausible && w < real - o.tolerance);
  });
}

/**
 * The pending changes of `rows` that carry a stamp the server would refuse or that is far behind
 * their real time. The engine asks this of each page before it leaves (rows it has read anyway),
 * instead of reading the whole outbox first: with 10,000 changes waiting, that read was a quarter
 * of a second before the first push.
 */
export function skewedRows(rows: readonly OutboxRow[], o: Omit<RestampOptions, 'node'>): OutboxRow[] {
  return rows.filter((row) => row.state === 'pending' && isSkewed(row, o));
}

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

export async function rejectedFor(d: LumbungDb, recordId: string): Promise<OutboxRow[]> {
  const rows = await d.outbox.where('id').equals(recordId).toArray();
  return rows.filter(needsAttention).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * "Coba kirim lagi": after the person fixed the field in the form, the change goes back in the
 * queue. Fields that a later local write already replaced (the fix itself is a newer change) are
 * taken out of it first and kept in `history`; a change with nothing left is done and goes.
 */
export async function retryChange(d: LumbungDb, seq: number, now: number = Date.now()): Promise<void> {
  await d.transaction('rw', [d.outbox, d.history, ...SYNCED_TABLES.map((t) => d.table(t))], async () => {
    const row = await d.outbox.get(seq);
    if (!row) return;
    const rec = (await d.table(row.table).get(row.id)) as StoredRecord | undefined;
    const next: OutboxRow = { ...row, fields: {}, stamps: {}, bases: {}, state: 'pending' };
    delete next.error;
    for (const [f, stamp] of Object.entries(row.stamps)) {
      if (rec && rec.stamps[f] !== undefined && rec.stamps[f] > stamp) {
        await d.history.put({
          id: `superseded:${row.changeId}:${f}`,
          table: row.table,
          recordId: row.id,
          field: f,
          value: row.fields[f] ?? null,
          stamp,
          winnerStamp: rec.stamps[f],
          concurrent: false,
          at: now,
        });
        continue;
      }
      next.fields[f] = row.fields[f] ?? null;
      next.stamps[f] = stamp;
      next.bases[f] = row.bases[f] ?? null;
    }
    if (Object.keys(next.stamps).length === 0) await d.outbox.delete(seq);
    else await d.outbox.put(next);
  });
}

/**
 * "Buang perubahan ini": drop one rejected change. Its values are kept in `history` (nothing
 * typed is lost) and, where they are still the local value, taken out of the local record; the
 * cursor goes back to 0 so the next round re-pulls the server's value (merge is idempotent, so
 * the re-pull changes nothing else). A record left with no field is removed locally.
 */
export async function discardChange(d: LumbungDb, seq: number, now: number): Promise<void> {
  await d.transaction(
    'rw',
    [d.outbox, d.history, d.meta, ...SYNCED_TABLES.map((t) => d.table(t))],
    async () => {
      const row = await d.outbox.get(seq);
      if (!row) return;
      await d.outbox.delete(seq);
      const rec = (await d.table(row.table).get(row.id)) as StoredRecord | undefined;
      if (rec) {
        const next: StoredRecord = {
          ...rec,
          fields: { ...rec.fields },
          stamps: { ...rec.stamps },
          bases: { ...rec.bases },
        };
        for (const [f, stamp] of Object.entries(row.stamps)) {
          if (rec.stamps[f] !== stamp) continue;
          delete next.fields[f];
          delete next.stamps[f];
          delete next.bases[f];
        }
        if (Object.keys(next.stamps).length === 0) await d.table(row.table).delete(row.id);
        else await d.table(row.table).put(next);
      }
      for (const [f, stamp] of Object.entries(row.stamps)) {
        await d.history.put({
          id: `discard:${row.changeId}:${f}`,
          table: row.table,
          recordId: row.id,
          field: f,
          value: row.fields[f] ?? null,
          stamp,
          winnerStamp: stamp,
          concurrent: false,
          at: now,
        });
      }
      await d.meta.put({ key: SYNC_KEYS.cursor, value: 0 });
    },
  );
}
