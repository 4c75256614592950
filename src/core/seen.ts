/**
 * Who saw what, per field: the rule that tells a conflict from a plain newer edit. A write's
 * author saw exactly the writes on its chain of bases (its base, that write's base, and so on):
 * that chain is the write's causal past for the field. A write that is not the field's value is
 * a conflict if and only if the author of the field's value did not see it.
 *
 * The chain is followed through whatever the merge site holds (the server's change log, the
 * two versions a device merges); a link it does not hold is "unknown" and counts as concurrent,
 * so an unseen value is never passed over. Pure: no I/O.
 */
import type { Hlc } from './hlc.ts';

/** The base of the write stamped `stamp` (of the field being asked about): null when its author
 * saw no value, undefined when the merge site does not hold that write. */
export type BaseOf = (stamp: Hlc) => Hlc | null | undefined;

export type Seen = 'seen' | 'unseen' | 'unknown';

/** No write is ever more than this many links from the value: a longer chain (or a loop in a
 * forged one) is answered "unknown". */
const MAX_LINKS = 10_000;

/**
 * Whether the author of the write (winnerStamp, winnerBase) saw the write stamped `loser`.
 * Stamps fall along a chain (a device stamps after every stamp it has seen), so a link older
 * than `loser` ends the walk: the loser cannot be further back. A link that does not fall (only
 * a forged or corrupt write has one) is not trusted: "unknown".
 */
export function sawWrite(winnerStamp: Hlc, winnerBase: Hlc | null, loser: Hlc, baseOf: BaseOf): Seen {
  let at = winnerStamp;
  let b = winnerBase;
  for (let i = 0; i < MAX_LINKS; i++) {
    if (b === null) return 'unseen';
    if (b >= at) return 'unknown';
    if (b === loser) return 'seen';
    if (b < loser) return 'unseen';
    const next = baseOf(b);
    if (next === undefined) return 'unknown';
    at = b;
    b = next;
  }
  return 'unknown';
}

/** One write of one field, as a merge site holds it. */
export interface FieldWrite {
  stamp: Hlc;
  base: Hlc | null;
}

/**
 * The stamps of the writes of one field that are open conflicts: every write but the value
 * (`winner`) that the value's author did not see (or whose chain the site cannot follow).
 * The same set whatever order the writes arrived in: it depends only on which writes are held.
 */
export function conflictStamps(writes: Iterable<FieldWrite>, winner: FieldWrite): Set<Hlc> {
  const bases = new Map<Hlc, Hlc | null>();
  for (const w of writes) bases.set(w.stamp, w.base);
  const baseOf: BaseOf = (s) => bases.get(s);
  const out = new Set<Hlc>();
  for (const s of bases.keys()) {
    if (s === winner.stamp) continue;
    if (sawWrite(winner.stamp, winner.base, s, baseOf) !== 'seen') out.add(s);
  }
  return out;
}

/**
 * Whether merging `incoming` over the field's value `current` can leave the field's conflicts
 * as they were without reading its other writes: a replay, or a write over exactly the value
 * its author saw (the new value's chain is the old value's plus the old value, so every other
 * write keeps its answer, and the old value was seen). Every other merge may change them.
 */
export function keepsConflicts(current: FieldWrite | undefined, incoming: FieldWrite): boolean {
  if (current === undefined) return true;
  if (current.stamp === incoming.stamp) return true;
  return incoming.stamp > current.stamp && incoming.base === current.stamp;
}
