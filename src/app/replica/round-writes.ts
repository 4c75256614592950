/**
 * The writes of a sync round that take a transaction of their own: what a server answer
 * teaches about time, and a whole answer applied at once. The round's runner
 * (sync/round-runner.ts) calls these; it opens no transaction itself. Safe offline and across a
 * crash: each commits all of its writes or none, and an answer applied again changes nothing.
 */
import type { SyncResponse } from '../../core/protocol.ts';
import { SYNCED_TABLES } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import { applyPushResult } from './outbox-answer.ts';
import { applyPullPage } from './pull.ts';
import { getClockOffset, hasClockOffset, setClockOffset } from './clock.ts';
import { setToken } from './sync-state.ts';
import type { OutboxRow } from '../db/types.ts';

/** Offset samples closer than this to the current estimate are smoothed, further ones replace it. */
const OFFSET_JUMP_MS = 2_000;

/**
 * Fold one sample of the server's clock into the stored offset; returns the new offset. One
 * transaction for the read and the write (inside applyAnswer it joins that one).
 */
export async function learnOffset(
  db: LumbungDb,
  serverNow: number,
  sentAt: number,
  receivedAt: number,
): Promise<number> {
  const sample = serverNow - (sentAt + receivedAt) / 2;
  return db.transaction('rw', db.meta, async () => {
    const known = await hasClockOffset(db);
    const prev = await getClockOffset(db);
    const next = !known || Math.abs(sample - prev) > OFFSET_JUMP_MS ? sample : prev + (sample - prev) / 4;
    await setClockOffset(db, next);
    return Math.round(next);
  });
}

/** A registration's answer: the token kept, and the clock sample it carries. */
export async function storeRegistration(
  db: LumbungDb,
  answer: { token: string; now: number },
  sentAt: number,
  receivedAt: number,
): Promise<void> {
  await setToken(db, answer.token);
  await learnOffset(db, answer.now, sentAt, receivedAt);
}

/** One request as it went: its page, the cursor it pulled from, when it left and was answered. */
export interface SentPage {
  page: readonly OutboxRow[];
  since: number;
  sentAt: number;
  arrivedAt: number;
}

/**
 * One answer applied in ONE transaction: the clock offset it teaches, its push half (accepted
 * rows leave the outbox, refused ones are parked) and its pull page with the cursor. One commit
 * per page instead of three; a crash still keeps all of it or none (the page comes again, and a
 * replayed push is harmless). `now` is the device's physical clock. Returns the offset learned
 * and the changes refused for clock skew (they stay pending, to be re-stamped).
 */
export function applyAnswer(
  db: LumbungDb,
  res: SyncResponse,
  sent: SentPage,
  now: () => number,
): Promise<{ offset: number; ahead: string[] }> {
  const tables = [db.meta, db.outbox, db.history, ...SYNCED_TABLES.map((t) => db.table(t))];
  return db.transaction('rw', tables, async () => {
    const offset = await learnOffset(db, res.now, sent.sentAt, sent.arrivedAt);
    const ahead = await applyPushResult(db, res.accepted, res.rejected, sent.page);
    await applyPullPage(db, res.changes, res.cursor, now() + offset, sent.since);
    return { offset, ahead };
  });
}
