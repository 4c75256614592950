/**
 * The states of an outbox row and the codes that move it. A row leaves the outbox only when the
 * server accepted it or the person discarded it: retries are harmless because the server's merge
 * is idempotent, so a lost answer only means the next push is a replay.
 */
import type { OutboxRow } from '../db/types.ts';

/** The server refused a stamp as too far ahead: the engine re-stamps and resends the change. */
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
