/**
 * Performs the effects of the sync round's state machine (round.ts) and feeds each outcome back
 * as an event: HTTP through the transport, reads and writes through the db layer. No decision
 * is taken here. Effects start in the order the machine asks for them (a request is handed to
 * the transport before an answer's transaction opens), and their outcomes are reported as they
 * come, so two requests are on their way at once while the machine waits for the older one.
 */
import type { SyncRequest } from '../../core/protocol.ts';
import type { LumbungDb } from '../db/db.ts';
import { rejectLocally, retryNotYet } from '../replica/outbox-answer.ts';
import { blobFor, markBlobUploaded, nextPushPage, photosWaiting, toWire } from '../replica/outbox-push.ts';
import { restampSkewed, skewedRows } from '../replica/restamp.ts';
import { applyAnswer, storeRegistration } from '../replica/round-writes.ts';
import { getCursor } from '../replica/sync-state.ts';
import type { OutboxError, OutboxRow } from '../db/types.ts';
import { step } from './round.ts';
import type { ClockView, Effect, Event, RoundState, Step } from './round-state.ts';
import { SyncError, type Transport } from './transport.ts';

/** Made on the device, translated in i18n/sync.ts. */
export const BLOB_MISSING = 'sync.blob_missing';

export interface RunnerDeps {
  db: LumbungDb;
  transport: Transport;
  now: () => number;
  /** This device's id and secret (replica/device.ts). */
  node: string;
  secret: string;
  /** Register this device (again): a token and the server's clock. */
  register: () => Promise<{ token: string; now: number }>;
  pushBytes: number;
  pullLimit?: number | undefined;
  onPhotos?: ((p: { sending: number; total: number } | null) => void) | undefined;
  /** Called for every request made (registrations, syncs, photo uploads). */
  counted: () => void;
}

/**
 * The outbox row's error for a reason: its code, with the text the server sent. The replica
 * (outbox-answer.ts reasonOf) keeps that text only for a code this app cannot translate; the
 * device's own codes are translated when shown (i18n/sync.ts).
 */
function reasonOf(r: {
  code: string;
  message?: string | undefined;
  messageEn?: string | undefined;
}): OutboxError {
  const out: OutboxError = { code: r.code };
  if (r.message !== undefined) out.message = r.message;
  if (r.messageEn !== undefined) out.messageEn = r.messageEn;
  return out;
}

const skewedIds = (rows: readonly OutboxRow[], clock: ClockView | null) =>
  clock ? skewedRows(rows, clock).map((r) => r.changeId) : [];

/**
 * Upload the photos `rows` refer to; rows whose photo cannot go are parked, not blocking. Throws
 * on a 401, a failure worth retrying, or anything that is not the server's final word.
 */
async function uploadBlobs(d: RunnerDeps, rows: OutboxRow[], token: string) {
  const kept: OutboxRow[] = [];
  const done = new Set<string>();
  let parked = 0;
  for (const row of rows) {
    const blob = await blobFor(d.db, row);
    if (blob === undefined || (blob && (blob.uploaded === 1 || done.has(blob.sha256)))) {
      kept.push(row);
      continue;
    }
    if (blob === null) {
      await rejectLocally(d.db, [row.changeId], reasonOf({ code: BLOB_MISSING }));
      parked++;
      continue;
    }
    try {
      d.counted();
      await d.transport.putBlob(token, blob.sha256, blob.blob, blob.mime);
    } catch (e) {
      if (!(e instanceof SyncError) || e.retryable || e.status === 401) throw e;
      await rejectLocally(
        d.db,
        [row.changeId],
        reasonOf({ code: e.code, message: e.messageId, messageEn: e.messageEn }),
      );
      parked++;
      continue;
    }
    await markBlobUploaded(d.db, blob.sha256);
    done.add(blob.sha256);
    kept.push(row);
  }
  return { kept, parked };
}

/** Perform one effect; its outcome as the event that reports it (undefined: none). */
async function perform(d: RunnerDeps, e: Effect): Promise<Event | undefined> {
  switch (e.type) {
    case 'register': {
      const sentAt = d.now();
      d.counted();
      const answer = await d.register();
      await storeRegistration(d.db, answer, sentAt, d.now());
      return { type: 'registered', token: answer.token };
    }
    case 'begin':
      // Edits refused last round because their record had not reached the server go again.
      await retryNotYet(d.db);
      return {
        type: 'begun',
        photos: (await photosWaiting(d.db)).map(({ records, rows }) => ({ records, rows })),
      };
    case 'restamp':
      return { type: 'restamped', count: await restampSkewed(d.db, { ...e.clock, node: d.node }) };
    case 'park':
      await rejectLocally(d.db, e.ids, reasonOf(e.reason));
      return { type: 'parked' };
    case 'read': {
      const rows = await nextPushPage(d.db, e.cap, d.pushBytes, undefined, new Set(e.hold));
      return { type: 'pageRead', rows, skewed: skewedIds(rows, e.clock) };
    }
    case 'readAhead': {
      const rows = await nextPushPage(d.db, e.cap, d.pushBytes, e.afterSeq, new Set(e.hold));
      const prepared = rows.length ? d.transport.prepare?.(rows.map(toWire)) : undefined;
      return { type: 'aheadRead', flight: e.flight, ahead: { rows, prepared } };
    }
    case 'upload': {
      const { kept, parked } = await uploadBlobs(d, e.upload.rows, e.upload.token);
      return { type: 'uploaded', purpose: e.upload.purpose, kept, parked, skewed: skewedIds(kept, e.clock) };
    }
    case 'progress':
      d.onPhotos?.({ sending: e.sending, total: e.total });
      return undefined;
    case 'cursor':
      return { type: 'cursorRead', cursor: await getCursor(d.db) };
    case 'send': {
      const f = e.flight;
      const changes = f.prepared?.changes ?? f.page.map(toWire);
      const req: SyncRequest = { deviceId: d.node, since: f.since, changes };
      if (d.pullLimit) req.limit = d.pullLimit;
      // Its answer's pull starts before the page in flight ahead of it: without this, that
      // page's records would come back to the device that sent them.
      if (f.early) req.holdsOwn = true;
      const sentAt = d.now();
      d.counted();
      const res = await d.transport.sync(f.token, req, f.prepared, d.secret);
      return { type: 'answered', flight: f.id, res, sentAt, arrivedAt: d.now() };
    }
    case 'apply': {
      const sent = { page: e.flight.page, since: e.flight.since, sentAt: e.sentAt, arrivedAt: e.arrivedAt };
      return { type: 'applied', ...(await applyAnswer(d.db, e.res, sent, d.now)) };
    }
  }
}

/** Run the round from `init` until the machine says it is done or failed; its last state. */
export function runRound(d: RunnerDeps, init: Step): Promise<RoundState> {
  return new Promise((resolve) => {
    let state = init.state;
    const dispatch = (ev: Event) => {
      try {
        const next = step(state, ev);
        state = next.state;
        if (state.phase === 'running') next.effects.forEach(start);
        else resolve(state);
      } catch (error) {
        state = { ...state, phase: 'failed', failure: { error, net: null } };
        resolve(state);
      }
    };
    const start = (e: Effect) => {
      // The promise's synchronous start runs now: a request leaves before the next effect starts.
      perform(d, e).then(
        (ev) => ev && dispatch(ev),
        (error: unknown) =>
          dispatch({
            type: 'failed',
            of: e.type,
            ...(e.type === 'send' ? { flight: e.flight.id } : {}),
            ...(e.type === 'readAhead' ? { flight: e.flight } : {}),
            ...(e.type === 'upload' ? { purpose: e.upload.purpose } : {}),
            failure: { error, net: error instanceof SyncError ? error : null },
          }),
      );
    };
    init.effects.forEach(start);
  });
}
