/**
 * Per-field last-writer-wins merge by HLC. `merge` is commutative, associative and idempotent
 * (a state-based CRDT), so the server, pulls, imported files and retries all use it and
 * duplicates or reordering cannot change the outcome. Pure: no I/O.
 */
import type { Hlc } from './hlc.ts';
import type { FieldValue, LostWrite, RecordDoc } from './record.ts';
import { sawWrite, type Seen } from './seen.ts';

/** Deterministic order for two writes with the same stamp (only possible from a corrupt or forged
 * source, since stamps carry the node id); keeps merge commutative even then. */
function canonical(v: FieldValue | undefined): string {
  return JSON.stringify(v ?? null);
}

interface Version {
  value: FieldValue;
  stamp: Hlc;
  base: Hlc | null;
}

function versionOf(doc: RecordDoc, field: string): Version | undefined {
  const stamp = doc.stamps[field];
  if (stamp === undefined) return undefined;
  return { value: doc.fields[field] ?? null, stamp, base: doc.bases[field] ?? null };
}

/** Which of two versions wins: the later stamp; equal stamps tie-break on the canonical value. */
function wins(a: Version, b: Version): boolean {
  if (a.stamp !== b.stamp) return a.stamp > b.stamp;
  const ca = canonical(a.value);
  const cb = canonical(b.value);
  if (ca !== cb) return ca > cb;
  return (a.base ?? '') >= (b.base ?? '');
}

/** What a merge site knows beyond the two versions it merges (see seen.ts). */
export interface MergeOptions {
  /** The base of another write of `field` the site holds (the server's change log). */
  baseOf?: (field: string, stamp: Hlc) => Hlc | null | undefined;
}

/** Whether the winner's author saw the loser: the loser is on the winner's chain of bases
 * (seen.ts), followed as far as this site can. */
function seenBy(field: string, winner: Version, loser: Version, opts: MergeOptions): Seen {
  return sawWrite(winner.stamp, winner.base, loser.stamp, (s) => opts.baseOf?.(field, s));
}

export interface MergeResult {
  doc: RecordDoc;
  /** Fields whose value in `doc` came from `incoming` (i.e. changed `current`). */
  changed: string[];
  /** Every write that lost in this merge, from either side. */
  lost: LostWrite[];
}

/**
 * Merge `incoming` (a replica or a change) into `current`. Either may be partial. `doc` is the
 * merged state; `changed` and `lost` describe what happened, for change logs and history.
 */
export function mergeRecords(
  current: RecordDoc | undefined,
  incoming: RecordDoc,
  opts: MergeOptions = {},
): MergeResult {
  const base: RecordDoc = current ?? {
    table: incoming.table,
    id: incoming.id,
    fields: {},
    stamps: {},
    bases: {},
  };
  if (current && (current.table !== incoming.table || current.id !== incoming.id)) {
    throw new Error(
      `merge of different records: ${current.table}/${current.id} vs ${incoming.table}/${incoming.id}`,
    );
  }
  const doc: RecordDoc = {
    table: base.table,
    id: base.id,
    fields: { ...base.fields },
    stamps: { ...base.stamps },
    bases: { ...base.bases },
  };
  const changed: string[] = [];
  const lost: LostWrite[] = [];
  for (const field of Object.keys(incoming.stamps).sort()) {
    const inc = versionOf(incoming, field)!;
    const cur = versionOf(base, field);
    if (cur && cur.stamp === inc.stamp && canonical(cur.value) === canonical(inc.value)) continue;
    if (!cur || wins(inc, cur)) {
      doc.fields[field] = inc.value;
      doc.stamps[field] = inc.stamp;
      doc.bases[field] = inc.base;
      changed.push(field);
      if (cur) lost.push(lostWrite(doc, field, cur, inc, opts));
    } else {
      lost.push(lostWrite(doc, field, inc, cur, opts));
    }
  }
  return { doc, changed, lost };
}

function lostWrite(
  doc: RecordDoc,
  field: string,
  loser: Version,
  winner: Version,
  opts: MergeOptions,
): LostWrite {
  const seen = seenBy(field, winner, loser, opts);
  const l: LostWrite = {
    table: doc.table,
    recordId: doc.id,
    field,
    value: loser.value,
    stamp: loser.stamp,
    winnerStamp: winner.stamp,
    // A link this site does not hold counts as concurrent: an unseen value is never passed over.
    concurrent: seen !== 'seen',
  };
  if (seen === 'unknown') l.undecided = true;
  return l;
}

/** The merged state alone: the CRDT join. */
export function merge(a: RecordDoc, b: RecordDoc): RecordDoc {
  return mergeRecords(a, b).doc;
}

/** Deterministic id of the conflict record for one lost concurrent write, so every replica that
 * detects the same conflict creates the same record and merge deduplicates it. */
export function conflictId(l: Pick<LostWrite, 'table' | 'recordId' | 'field' | 'stamp'>): string {
  return `${l.table}:${l.recordId}:${l.field}:${l.stamp}`;
}
