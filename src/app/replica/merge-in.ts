/**
 * The one way into the device's replica. A local write, a pulled page and an imported hand-over
 * file are all lists of merge documents; each is merged into the stored record with the same
 * merge as the server's, in ONE transaction with the outbox, history and clock, so a crash keeps
 * all of it or none. The ways in differ only where their meaning does, in this table:
 *
 * | source   | outbox                              | history                            | clock                     | conflict records      |
 * | -------- | ----------------------------------- | ---------------------------------- | ------------------------- | --------------------- |
 * | local    | the change (createdAt: now)         | none: the device's own edit wins   | stamped by the caller     | none                  |
 * | pull     | none: it came from the server       | every stored value that lost       | folds every stamp         | none: the server's    |
 * | handover | the fields it changed, their stamps | every concurrent loser, both sides | folds all but far-ahead   | made here (same id)   |
 *
 * A pulled record's stamps were accepted by the server, so the clock folds them all; a file's may
 * come from a clock far ahead, and folding those would push every later local stamp ahead too.
 * An imported edit keeps its author's stamps in the outbox and is dated when its author made it,
 * so the skew check (restamp.ts) leaves it alone. Nothing but IndexedDB work happens here.
 */
import { Dexie } from 'dexie';
import { hlcWall, receive, tick, type Hlc, type HlcState } from '../../core/hlc.ts';
import { uuidv7 } from '../../core/ids.ts';
import { conflictId, mergeRecords } from '../../core/merge.ts';
import { conflictRecord } from '../../core/conflict-record.ts';
import type { LostWrite, RecordDoc } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { HistoryRow, OutboxRow, StoredRecord } from '../db/types.ts';
import { readClock, saveClock } from './clock.ts';
import { readHeld, type Held } from './held.ts';

export type Source = 'local' | 'pull' | 'handover';

export interface MergeInput {
  source: Source;
  docs: readonly RecordDoc[];
  /** Time of this device written as `updatedAt` and history's `at`. */
  at: number;
  /** Corrected time now (local clock plus the learned offset): the clock folds towards it. */
  now: number;
  /** The learned offset from server time: an imported edit is dated by its stamps minus it. */
  offset?: number;
  /** Stamps with a wall beyond this are not folded into the clock (handover: what the server
   * would refuse as too far ahead). */
  foldLimit?: number;
  /** This device's id, for the stamps of conflict records made here. */
  node?: string;
}

export interface MergeOutcome {
  /** Each stored record after the merge, in input order (the current one when unchanged). */
  stored: StoredRecord[];
  /** Incoming documents that created a record, changed one, or changed nothing. */
  added: number;
  changed: number;
  unchanged: number;
  /** Distinct records written (a record that came twice counts once). */
  written: number;
  /** Outbox rows written. */
  enqueued: number;
  /** History rows written (values that lost). */
  lost: number;
  /** Concurrent writes that lost (a person may want either value). */
  concurrent: number;
}

interface Rule {
  enqueue: boolean;
  keep: (l: LostWrite, current: RecordDoc | undefined) => boolean;
  /** Whether the clock folds in the incoming stamps (up to `foldLimit` when one is given). */
  fold: boolean;
  conflictRecords: boolean;
}

const RULES: Record<Source, Rule> = {
  local: { enqueue: true, keep: () => false, fold: false, conflictRecords: false },
  // The loser came from the stored record (it did not come with this page).
  pull: {
    enqueue: false,
    keep: (l, current) => current !== undefined && current.stamps[l.field] === l.stamp,
    fold: true,
    conflictRecords: false,
  },
  handover: { enqueue: true, keep: (l) => l.concurrent, fold: true, conflictRecords: true },
};

/** The tables one merge writes: the transaction takes no more, so a caller's own narrower
 * transaction (a local write inside a save) can hold it. */
function tablesFor(input: MergeInput, rule: Rule): string[] {
  const names = new Set<string>(input.docs.map((doc) => doc.table));
  names.add('meta');
  if (rule.enqueue) names.add('outbox');
  if (input.source !== 'local') names.add('history');
  if (rule.conflictRecords) names.add('conflicts');
  return [...names];
}

/**
 * Merge `input.docs` into the replica. Runs in the caller's transaction when there is one (it
 * must hold the tables this merge writes), else in its own: a transaction nested in another
 * loses its change notifications in Dexie, so live queries would not see the write.
 */
export async function mergeIntoReplica(d: LumbungDb, input: MergeInput): Promise<MergeOutcome> {
  const rule = RULES[input.source];
  if (Dexie.currentTransaction) return merge(d, input, rule);
  return d.transaction('rw', tablesFor(input, rule), () => merge(d, input, rule));
}

async function merge(d: LumbungDb, input: MergeInput, rule: Rule): Promise<MergeOutcome> {
  const out: MergeOutcome = {
    stored: [],
    added: 0,
    changed: 0,
    unchanged: 0,
    written: 0,
    enqueued: 0,
    lost: 0,
    concurrent: 0,
  };
  const before = await readClock(d);
  let clock = rule.fold ? fold(before, input.docs, input.now, input.foldLimit) : before;

  const held: Held = await readHeld(d, input.docs);
  const dirty = new Map<string, Map<string, StoredRecord>>();
  const outbox: OutboxRow[] = [];
  const history: HistoryRow[] = [];
  const concurrent: LostWrite[] = [];
  for (const incoming of input.docs) {
    const recs = held.get(incoming.table)!;
    const current = recs.get(incoming.id);
    const { doc, changed, lost } = mergeRecords(current, incoming);
    for (const l of lost) {
      if (l.concurrent) concurrent.push(l);
      if (rule.keep(l, current)) history.push({ ...l, id: conflictId(l), at: input.at });
    }
    if (changed.length === 0) {
      out.unchanged += 1;
      out.stored.push(current!);
      continue;
    }
    out[current ? 'changed' : 'added'] += 1;
    const stored: StoredRecord = { ...doc, updatedAt: input.at };
    recs.set(incoming.id, stored);
    if (!dirty.has(incoming.table)) dirty.set(incoming.table, new Map());
    dirty.get(incoming.table)!.set(incoming.id, stored);
    out.stored.push(stored);
    if (rule.enqueue) outbox.push(changeOf(input, doc, changed));
  }

  for (const recs of dirty.values()) out.written += recs.size;
  if (rule.conflictRecords) {
    const made = new Set<string>();
    const known = await d.conflicts.bulkGet(concurrent.map((l) => conflictId(l)));
    concurrent.forEach((l, i) => {
      // Undecided (the incoming value's chain runs through a write this device does not
      // hold): shown from history while the record waits in the outbox; the server, holding
      // every write, decides and sends its conflict record only if it is one (core/seen.ts).
      // Otherwise the same deterministic record the server makes when it sees both writes,
      // kept local (not enqueued): the server makes its own, and merge folds the two into one.
      const id = conflictId(l);
      if (l.undecided || known[i] || made.has(id)) return;
      made.add(id);
      const next = tick(clock, input.now, input.node!);
      clock = next.state;
      const rec = conflictRecord(l, next.stamp);
      const byId = dirty.get('conflicts') ?? new Map<string, StoredRecord>();
      byId.set(id, { ...rec, updatedAt: input.at });
      dirty.set('conflicts', byId);
    });
  }

  for (const [table, recs] of dirty) await d.table(table).bulkPut([...recs.values()]);
  if (outbox.length) await d.outbox.bulkAdd(outbox);
  if (history.length) await d.history.bulkPut(history);
  if (clock.wall !== before.wall || clock.counter !== before.counter) await saveClock(d, clock);
  out.enqueued = outbox.length;
  out.lost = history.length;
  out.concurrent = concurrent.length;
  return out;
}

/** The clock moved past every stamp it is given (up to `limit` when one is given). */
function fold(clock: HlcState, docs: readonly RecordDoc[], now: number, limit?: number): HlcState {
  let newest: Hlc | null = null;
  for (const doc of docs) {
    for (const s of Object.values(doc.stamps)) {
      if (limit !== undefined && hlcWall(s) > limit) continue;
      if (newest === null || s > newest) newest = s;
    }
  }
  // Receiving the newest stamp equals receiving each: stamps sort as clocks do.
  return newest === null ? clock : receive(clock, newest, now);
}

/** The outbox row of a merged write: the fields it changed with their own stamps and bases. */
function changeOf(input: MergeInput, doc: RecordDoc, changed: readonly string[]): OutboxRow {
  const row: OutboxRow = {
    changeId: uuidv7(input.now),
    table: doc.table,
    id: doc.id,
    fields: {},
    stamps: {},
    bases: {},
    createdAt: input.source === 'handover' ? madeAt(doc, changed, input.offset ?? 0) : input.at,
    state: 'pending',
    attempts: 0,
  };
  for (const f of changed) {
    row.fields[f] = doc.fields[f] ?? null;
    row.stamps[f] = doc.stamps[f]!;
    row.bases[f] = doc.bases[f] ?? null;
  }
  return row;
}

/**
 * When the author made these writes, on this device's clock. The sync engine takes an outbox
 * row's `createdAt` (plus the server offset) as the real time of its edit and re-stamps rows whose
 * stamps are far from it as clock skew; an imported edit was made when its author stamped it, so
 * dating it at import time would get the author's stamps replaced by this device's.
 */
function madeAt(doc: RecordDoc, fields: readonly string[], offset: number): number {
  return Math.min(...fields.map((f) => hlcWall(doc.stamps[f]!))) - offset;
}
