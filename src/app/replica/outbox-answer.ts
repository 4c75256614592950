/**
 * The server's answer to a push, applied to the outbox: accepted rows go, refused rows stay in
 * "perlu perhatian" with the reason, never retried automatically (except a change whose record
 * is not on the server yet, retried for a few rounds).
 */
import { isMessageCode } from '../../core/messages.ts';
import type { Rejected } from '../../core/protocol.ts';
import type { LumbungDb } from '../db/db.ts';
import type { OutboxError, OutboxRow } from '../db/types.ts';
import { CLOCK_AHEAD, NOT_YET, NOT_YET_ROUNDS } from './outbox-state.ts';

/** Park rows in "perlu perhatian" with a reason made on the device (e.g. a photo that is gone). */
export async function rejectLocally(d: LumbungDb, changeIds: string[], error: OutboxError): Promise<void> {
  const reason = reasonOf(error);
  await d.transaction('rw', d.outbox, async () => {
    for (const changeId of changeIds) {
      const row = await d.outbox.get({ changeId });
      if (row?.seq !== undefined)
        await d.outbox.update(row.seq, { state: 'rejected', error: reason, attempts: row.attempts + 1 });
    }
  });
}

/**
 * What a refusal is stored as: its code, parameters and field issues. The text that came with
 * it is kept only when this app has no words for the code (a server newer than the app): the
 * device's own codes (`sync.*`) and those of core/messages.ts are translated when shown.
 */
export function reasonOf(e: OutboxError): OutboxError {
  const out: OutboxError = { code: e.code };
  if (e.params) out.params = e.params;
  if (e.issues) out.issues = e.issues;
  if (!isMessageCode(e.code) && !e.code.startsWith('sync.')) {
    if (e.message !== undefined) out.message = e.message;
    if (e.messageEn !== undefined) out.messageEn = e.messageEn;
  }
  return out;
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
      const error = reasonOf(r);
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
