/**
 * Applying a pull page: its records enter the replica the one way everything does
 * (merge-in.ts: merged, a stored value that loses kept in `history`, the clock folded past every
 * stamp), and the cursor moves, all in ONE transaction, so a crash either applies the whole page
 * with its cursor or nothing (and the page comes again).
 */
import { SYNCED_TABLES, type RecordDoc } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import { mergeIntoReplica } from './merge-in.ts';
import { advanceCursor } from './sync-state.ts';

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
    const r = await mergeIntoReplica(d, { source: 'pull', docs, at: now, now });
    await advanceCursor(d, cursor, since);
    return { changed: r.written, lost: r.lost };
  });
}
