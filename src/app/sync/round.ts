/**
 * One sync round as a pure state machine: `step(state, event)` returns the next state and the
 * effects to perform (round-runner.ts performs them and reports each back as an event). No Dexie,
 * no fetch, no timers: every decision of the round is here and table-tested.
 *
 * The round: register if needed, push the outbox oldest first in pages (text first: attachment
 * records wait until their photo is at the server, and each goes right after its photo), apply
 * each answer in the order sent, pull until the server has no more. Up to PAGES_IN_FLIGHT pages
 * are on their way once the device has caught up, so the server never waits for the device
 * between two pages. A whole request refused for its shape or size (400/413) halves the page until
 * the culprit is alone, then parks it: never a blocked queue. A 401 registers again once a round.
 * Changes stamped while the clock was far off are re-stamped before they leave, at most
 * MAX_RESTAMPS_PER_ROUND times, then parked. A row leaves the outbox only when an applied answer
 * says the server accepted it, so a lost answer or a retry only replays what is there.
 */
import { MAX_CLOCK_AHEAD_MS, type SyncResponse } from '../../core/protocol.ts';
import type { OutboxRow } from '../db/types.ts';
import { onUnauthorized, renewalFailed, renewed } from './round-auth.ts';
import {
  copyState,
  type Ahead,
  type AfterThen,
  type Event,
  type Failure,
  type Flight,
  type Out,
  type RoundState,
  type Step,
  type TopUpThen,
} from './round-state.ts';

/** Push requests on their way at once (see the module header). */
export const PAGES_IN_FLIGHT = 2;
/** Re-stamping for clock skew is tried this many times per round, then the change is parked. */
export const MAX_RESTAMPS_PER_ROUND = 3;
/** Answers that refuse a whole push for its shape or size (bad JSON/schema, too large). */
const REQUEST_LEVEL_REFUSALS = new Set([400, 413]);
/** Made on the device, translated in i18n/sync.ts. */
export const CLOCK_SKEW = 'sync.clock_skew';
/**
 * An answer that leaves a pushed change unanswered: that change would be pushed again at once,
 * forever. The round stops instead (it is retried later, like any bad answer).
 */
const INCOMPLETE: Failure = {
  error: null,
  net: { code: 'sync.net.bad_response', status: 200, retryable: true },
};

/** The state before anything happened, and its first effect. */
export function start(o: { token: string | null; pushMax: number; earlyRefused: boolean }): Step {
  const state: RoundState = {
    phase: 'running',
    wait: { on: o.token === null ? 'register' : 'begin' },
    pushMax: o.pushMax,
    pageCap: o.pushMax,
    token: o.token,
    renewal: 'none',
    first: true,
    needPull: true,
    clock: null,
    restamps: 0,
    skewTodo: [],
    inFlight: [],
    handling: null,
    nextId: 1,
    cursor: 0,
    pipelining: !o.earlyRefused,
    caughtUp: false,
    earlyRefused: o.earlyRefused,
    hold: [],
    photos: [],
    photoAt: -1,
    photoUpload: null,
    photoResult: null,
    mainUpload: null,
    counts: { accepted: 0, rejected: 0, pulled: 0, restamped: 0 },
  };
  return { state, effects: [{ type: o.token === null ? 'register' : 'begin' }] };
}

export function step(prev: RoundState, ev: Event): Step {
  if (prev.phase !== 'running') return { state: prev, effects: [] }; // late news of a finished round
  const out: Out = { s: copyState(prev), effects: [] };
  const { s } = out;
  const w = s.wait;
  switch (ev.type) {
    case 'registered':
      if (s.token !== null) {
        renewed(out, ev.token);
        break;
      }
      s.token = ev.token;
      s.wait = { on: 'begin' };
      out.effects.push({ type: 'begin' });
      break;
    case 'begun':
      s.photos = ev.photos;
      s.hold = ev.photos.flatMap((p) => p.records);
      loop(out);
      break;
    case 'restamped':
      s.counts.restamped += ev.count;
      // A re-stamp may have sent the cursor back to 0 (outbox.ts restampSkewed): pull again.
      s.needPull = true;
      loop(out);
      break;
    case 'parked':
      loop(out);
      break;
    case 'pageRead':
      onPageRead(out, ev.rows, ev.skewed);
      break;
    case 'cursorRead':
      s.cursor = ev.cursor;
      send(out, s.mainUpload?.rows ?? [], ev.cursor, false);
      s.mainUpload = null;
      topUp(out, 'head');
      break;
    case 'aheadRead': {
      const f = flight(s, ev.flight);
      if (f) f.next = ev.ahead;
      if (w.on === 'after' && w.flight === ev.flight) pageAfter(out, w.flight, w.then);
      break;
    }
    case 'uploaded':
      onUploaded(out, ev);
      break;
    case 'answered': {
      const f = flight(s, ev.flight);
      if (f) f.answer = { res: ev.res, sentAt: ev.sentAt, arrivedAt: ev.arrivedAt };
      if (w.on === 'head' && s.inFlight[0]?.id === ev.flight) head(out);
      break;
    }
    case 'applied':
      onApplied(out, ev.offset, ev.ahead);
      break;
    case 'failed':
      onFailed(out, ev);
      break;
  }
  return { state: out.s, effects: out.effects };
}

function fail(out: Out, failure: Failure): void {
  out.s.phase = 'failed';
  out.s.failure = failure;
}

function flight(s: RoundState, id: number): Flight | undefined {
  return s.handling?.id === id ? s.handling : s.inFlight.find((f) => f.id === id);
}

/** The top of the push/pull loop: with nothing in flight, choose the next request; else wait. */
function loop(out: Out): void {
  const { s } = out;
  if (s.inFlight.length > 0) return topUp(out, 'head');
  if (s.clock && s.skewTodo.length > 0) {
    const todo = s.skewTodo;
    s.skewTodo = [];
    return fixSkew(out, todo);
  }
  // The first request only pulls: no change leaves before an answer's clock offset is stored.
  if (s.first) return readCursor(out, []);
  s.wait = { on: 'read' };
  out.effects.push({ type: 'read', cap: s.pageCap, hold: [...s.hold], clock: s.clock });
}

function readCursor(out: Out, page: OutboxRow[]): void {
  out.s.mainUpload = page.length
    ? { purpose: 'page', rows: page, token: out.s.token!, waitingToken: false }
    : null;
  out.s.wait = { on: 'cursor' };
  out.effects.push({ type: 'cursor' });
}

/** Re-stamp the outbox, or after MAX_RESTAMPS_PER_ROUND tries park those changes with the reason. */
function fixSkew(out: Out, ids: string[]): void {
  const { s } = out;
  if (++s.restamps > MAX_RESTAMPS_PER_ROUND) {
    s.counts.rejected += ids.length;
    s.wait = { on: 'park' };
    out.effects.push({ type: 'park', ids, reason: { code: CLOCK_SKEW } });
  } else {
    s.wait = { on: 'restamp' };
    out.effects.push({ type: 'restamp', clock: s.clock! });
  }
}

function onPageRead(out: Out, rows: OutboxRow[], skewed: string[]): void {
  const { s } = out;
  if (rows.length === 0 && !s.needPull) return drained(out);
  // Changes stamped while the clock was far off get their real time before they leave (the
  // whole outbox at once); the page is then read again.
  if (s.clock && skewed.length > 0) return fixSkew(out, skewed);
  if (rows.length === 0) return readCursor(out, []);
  s.mainUpload = { purpose: 'page', rows, token: s.token!, waitingToken: false };
  s.wait = { on: 'upload' };
  out.effects.push({ type: 'upload', upload: s.mainUpload, clock: s.clock });
}

function onUploaded(out: Out, ev: Extract<Event, { type: 'uploaded' }>): void {
  const { s } = out;
  const w = s.wait;
  s.counts.rejected += ev.parked;
  if (ev.purpose === 'photo') {
    s.photoUpload = null;
    s.photoResult = 'done';
    if (w.on === 'photo') nextPhoto(out);
    return;
  }
  if (w.on !== 'upload') return;
  if (w.flight === undefined) {
    if (ev.kept.length === 0) return loop(out); // all parked: look at the next ones
    return readCursor(out, ev.kept);
  }
  // A page read ahead goes unless a photo parked all of it or one of its changes is skewed.
  const f = flight(s, w.flight)!;
  const ahead = f.next as Ahead;
  s.mainUpload = null;
  f.after =
    ev.kept.length === 0 || (s.clock !== null && ev.skewed.length > 0)
      ? null
      : // Prepared for exactly these rows unless a photo that could not go parked one.
        { rows: ev.kept, prepared: ev.kept.length === ahead.rows.length ? ahead.prepared : undefined };
  afterReady(out, f, w.then!);
}

/** A request leaves; unless it is the first, the page after it is read while it travels. */
function send(
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
function topUp(out: Out, then: TopUpThen): void {
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
function pageAfter(out: Out, id: number, then: AfterThen): void {
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

function afterReady(out: Out, f: Flight, then: AfterThen): void {
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
function head(out: Out): void {
  const { s } = out;
  const f = s.inFlight.shift()!;
  const a = f.answer!;
  if ('failure' in a) return refused(out, f, a.failure);
  const { res } = a;
  const clean = complete(f.page, res) && res.rejected.length === 0;
  if (!clean) s.pipelining = false;
  if (res.cursor > s.cursor || !f.early) s.cursor = res.cursor;
  s.caughtUp = !res.more;
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
    return loop(out);
  }
  if (f.page.length > 1) {
    s.pageCap = Math.max(1, Math.floor(f.page.length / 2));
    return loop(out);
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

function onApplied(out: Out, offset: number, ahead: string[]): void {
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
  s.needPull = res.more || ahead.length > 0;
  loop(out);
}

/**
 * Nothing left to send but held rows. Then each photo goes, and right after it the attachment
 * records that name it, while the next photo is already on its way.
 */
function drained(out: Out): void {
  const { s } = out;
  if (s.photoAt === -1) {
    s.photoAt = 0;
    startPhoto(out);
  }
  if (s.photoAt >= s.photos.length) {
    s.phase = 'done';
    return;
  }
  s.wait = { on: 'photo' };
  if (s.photoResult === 'done') nextPhoto(out);
  else if (s.photoResult !== 'running' && s.photoResult) fail(out, s.photoResult.failure);
}

function startPhoto(out: Out): void {
  const { s } = out;
  const i = s.photoAt;
  const group = s.photos[i];
  if (!group) return;
  s.photoResult = 'running';
  s.photoUpload = { purpose: 'photo', rows: group.rows, token: s.token!, waitingToken: false };
  out.effects.push({ type: 'progress', sending: i + 1, total: s.photos.length });
  out.effects.push({ type: 'upload', upload: s.photoUpload, clock: s.clock });
}

/** The photo awaited is at the server: its records may go, and the next photo starts. */
function nextPhoto(out: Out): void {
  const { s } = out;
  const records = new Set(s.photos[s.photoAt]!.records);
  s.hold = s.hold.filter((id) => !records.has(id));
  s.photoAt++;
  s.photoResult = null;
  startPhoto(out);
  loop(out);
}

function onFailed(out: Out, ev: Extract<Event, { type: 'failed' }>): void {
  const { s } = out;
  const w = s.wait;
  const { failure } = ev;
  if (failure.net?.status === 401 && (ev.of === 'send' || ev.of === 'upload')) {
    const op = ev.of === 'send' ? { flight: ev.flight! } : { upload: ev.purpose! };
    if (onUnauthorized(out, op)) return;
  }
  if (ev.of === 'send') {
    const f = flight(s, ev.flight!);
    if (f) f.answer = { failure };
    if (w.on === 'head' && s.inFlight[0]?.id === ev.flight) head(out);
  } else if (ev.of === 'readAhead') {
    const f = flight(s, ev.flight!);
    if (f) f.next = { failure };
    if (w.on === 'after' && w.flight === ev.flight) fail(out, failure);
  } else if (ev.of === 'upload' && ev.purpose === 'photo') {
    s.photoUpload = null;
    s.photoResult = { failure };
    if (w.on === 'photo') fail(out, failure);
  } else if (ev.of === 'register' && s.renewal === 'running') {
    if (renewalFailed(out, failure)) return fail(out, failure);
    if (w.on === 'head' && s.inFlight[0]?.answer) head(out);
    else if (w.on === 'photo' && s.photoResult !== 'running' && s.photoResult) fail(out, failure);
  } else fail(out, failure);
}
