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
 *
 * Here: the top of the loop (which page next), skew, photos and failures. The requests on their
 * way and their answers are in round-pipeline.ts, the token in round-auth.ts, the shapes in
 * round-state.ts.
 */
import type { OutboxRow } from '../db/types.ts';
import { onUnauthorized, renewalFailed, renewed } from './round-auth.ts';
import { afterReady, head, onApplied, pageAfter, send, topUp } from './round-pipeline.ts';
import {
  copyState,
  fail,
  flight,
  type Ahead,
  type Event,
  type Out,
  type RoundState,
  type Step,
} from './round-state.ts';

export { start } from './round-state.ts';
export { PAGES_IN_FLIGHT } from './round-pipeline.ts';

/** Re-stamping for clock skew is tried this many times per round, then the change is parked. */
export const MAX_RESTAMPS_PER_ROUND = 3;
/** Made on the device, translated in i18n/sync.ts. */
export const CLOCK_SKEW = 'sync.clock_skew';

export function step(prev: RoundState, ev: Event): Step {
  if (prev.phase !== 'running') return { state: prev, effects: [] }; // late news of a finished round
  const out: Out = { s: copyState(prev), effects: [], loop };
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
