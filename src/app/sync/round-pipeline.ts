/**
 * The push/pull pipeline of a sync round (pure, part of round.ts's state machine): requests
 * leave, up to PAGES_IN_FLIGHT at once once the device has caught up, each with the page after
 * it read and serialized while it travels; answers are taken strictly in the order sent. A clean
 * answer lets the next page leave before it is applied; a refusal of a whole request halves the
 * page. Every answer is applied in one effect, then the round goes back to the top of its loop.
 */
import { MAX_CLOCK_AHEAD_MS, type SyncResponse } from '../../core/protocol.ts';
import type { OutboxRow } from '../db/types.ts';
import {
  fail,
  flight,
  type Ahead,
  type AfterThen,
  type Failure,
  type Flight,
  type Out,
  type TopUpThen,
} from './round-state.ts';

/** Push requests on their way at once (see the module header). */
export const PAGES_IN_FLIGHT = 2;
/** Answers that refuse a whole push for its shape or size (bad JSON/schema, too large). */
const REQUEST_LEVEL_REFUSALS = new Set([400, 413]);
/**
 * An answer that leaves a pushed change unanswered: that change would be pushed again at once,
 * forever. The round stops instead (it is retried later, like any bad answer).
 */
const INCOMPLETE: Failure = {
  error: null,
  net: { code: 'sync.net.bad_response', status: 200, retryable: true },
};

/** A request leaves; unless it is the first, the page after it is read while it travels. */
export function send(
  out: Out,
  page: OutboxRow[],
  since: number,
  early: boolean,
  prepared?: Ahead['prepared'],
): void {
  const { s } = out;
  const last = page.at(-1)?.seq;
  const f: Flight = {
    id: s.nextId++,
    page,
    since,
    early,
    prepared,
    token: s.token!,
    waitingToken: false,
    answer: null,
    next: s.first || last === undefined ? 'none' : 'reading',
  };
  s.inFlight.push(f);
  out.effects.push({ type: 'send', flight: f });
  if (last !== undefined && f.next === 'reading')
    out.effects.push({ type: 'readAhead', flight: f.id, afterSeq: last, cap: s.pageCap, hold: [...s.hold] });
}

/** Fill the pipeline with pages sent before the newest request's answer, then go on. */
export function topUp(out: Out, then: TopUpThen): void {
  const { s } = out;
  const prev = s.inFlight.at(-1);
  const may = s.pipelining && s.caughtUp && !s.first && s.skewTodo.length === 0;
  if (may && s.inFlight.length < PAGES_IN_FLIGHT && prev?.page.length && prev.after !== null)
    return pageAfter(out, prev.id, then);
  if (then === 'apply') return apply(out);
  s.wait = { on: 'head' };
  if (s.inFlight[0]?.answer) head(out);
}

/** The page after flight `id`'s, made ready once: its read-ahead awaited, its photos uploaded. */
export function pageAfter(out: Out, id: number, then: AfterThen): void {
  const { s } = out;
  const f = flight(s, id)!;
  if (f.after !== undefined) return afterReady(out, f, then);
  const next = f.next;
  if (next === 'reading') {
    s.wait = { on: 'after', flight: id, then };
    return;
  }
  if (next !== 'none' && 'failure' in next) return fail(out, next.failure);
  if (next === 'none' || next.rows.length === 0) {
    f.after = null;
    return afterReady(out, f, then);
  }
  s.mainUpload = { purpose: 'after', rows: next.rows, token: s.token!, waitingToken: false };
  s.wait = { on: 'upload', flight: id, then };
  out.effects.push({ type: 'upload', upload: s.mainUpload, clock: s.clock });
}

export function afterReady(out: Out, f: Flight, then: AfterThen): void {
  const { s } = out;
  if (then !== 'answer') {
    if (f.after) send(out, f.after.rows, s.cursor, true, f.after.prepared);
    return topUp(out, then);
  }
  // A clean answer with nothing in flight: the request the one-by-one loop would send next goes
  // now, and this answer is applied while the server works on it.
  const { res } = f.answer as { res: SyncResponse };
  const next = f.after ?? { rows: [] };
  if (next.rows.length > 0 || res.more) send(out, next.rows, res.cursor, false, next.prepared);
  apply(out);
}

function complete(page: OutboxRow[], res: SyncResponse): boolean {
  const answered = new Set([...res.accepted, ...res.rejected.map((x) => x.id)]);
  return page.every((row) => answered.has(row.changeId));
}

/** The oldest request's answer (or failure) is in: decide what goes next, then apply it. */
export function head(out: Out): void {
  const { s } = out;
  const f = s.inFlight.shift()!;
  const a = f.answer!;
  if ('failure' in a) return refused(out, f, a.failure);
  const { res } = a;
  const clean = complete(f.page, res) && res.rejected.length === 0;
  if (!clean) s.pipelining = false;
  // Two requests on their way may be served in either order: an answer that ends behind what
  // the device already knows was made before the other one's changes reached the log, so its
  // "no more" is old news (staleAnswer).
  const stale = staleAnswer(s.cursor, res);
  if (res.cursor > s.cursor || !f.early) s.cursor = res.cursor;
  s.caughtUp = !res.more && !stale;
  s.handling = f;
  // Only a clean answer lets the next page go before it is applied; anything else (a refusal,
  // clock skew) is applied before the next page is chosen. After the first answer only a pull
  // goes ahead.
  const goOn = s.first ? res.more : f.page.length > 0 || res.more;
  if (!clean || !goOn || s.skewTodo.length > 0) return apply(out);
  if (s.inFlight.length > 0) return topUp(out, 'apply');
  pageAfter(out, f.id, 'answer');
}

/**
 * A request that failed. A whole push refused for its shape or size is halved until the culprit
 * is alone, then that change is parked; the pages sent after it are not waited for (their rows
 * are still pending, and a replay of what the server took from them is harmless).
 */
function refused(out: Out, f: Flight, failure: Failure): void {
  const { s } = out;
  const net = failure.net;
  if (!net || !REQUEST_LEVEL_REFUSALS.has(net.status) || f.page.length === 0) return fail(out, failure);
  s.inFlight = [];
  s.pipelining = false;
  // Refused when sent early: maybe for `holdsOwn` itself (an older server). Its rows go again
  // alone, and only a refusal then says something about them.
  if (f.early && net.status === 400) {
    s.earlyRefused = true;
    return out.loop(out);
  }
  if (f.page.length > 1) {
    s.pageCap = Math.max(1, Math.floor(f.page.length / 2));
    return out.loop(out);
  }
  s.counts.rejected++;
  s.pageCap = s.pushMax;
  s.wait = { on: 'park' };
  const reason = { code: net.code, message: net.messageId ?? net.code, messageEn: net.messageEn ?? net.code };
  out.effects.push({ type: 'park', ids: [f.page[0]!.changeId], reason });
}

function apply(out: Out): void {
  const { s } = out;
  const f = s.handling!;
  const a = f.answer as { res: SyncResponse; sentAt: number; arrivedAt: number };
  s.pageCap = Math.min(s.pushMax, s.pageCap * 2);
  // An early answer's refusals are not final (see Flight.early): those rows stay pending.
  const res = f.early ? { ...a.res, rejected: [] } : a.res;
  s.wait = { on: 'apply' };
  out.effects.push({ type: 'apply', flight: f, res, sentAt: a.sentAt, arrivedAt: a.arrivedAt });
}

export function onApplied(out: Out, offset: number, ahead: string[]): void {
  const { s } = out;
  const f = s.handling!;
  const { res } = f.answer as { res: SyncResponse };
  s.handling = null;
  s.counts.accepted += res.accepted.length;
  s.counts.rejected += (f.early ? 0 : res.rejected.length) - ahead.length;
  s.counts.pulled += res.changes.length;
  if (!complete(f.page, res)) return fail(out, INCOMPLETE);
  s.first = false;
  s.clock = { offset, serverNow: res.now, tolerance: MAX_CLOCK_AHEAD_MS };
  s.skewTodo.push(...ahead);
  s.needPull = res.more || staleAnswer(s.cursor, res) || ahead.length > 0;
  out.loop(out);
}

/**
 * An answer whose pull ends before `cursor`, the furthest the device has been told of: the
 * server made it before another request's changes were in (the later one was served first). Its
 * `more: false` does not mean the device has everything, so the round pulls once more.
 */
function staleAnswer(cursor: number, res: SyncResponse): boolean {
  return res.cursor < cursor;
}
