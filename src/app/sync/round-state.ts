/**
 * The data of one sync round as the pure state machine (round.ts) sees it: what is on its way,
 * what the round waits for, and the effects it asks the runner (round-runner.ts) to perform, with
 * the events that report them back, and the round's first state. Plain data only: the runner
 * holds every Dexie and network handle, so a test can drive the round with nothing but these.
 */
import type { SyncResponse } from '../../core/protocol.ts';
import type { OutboxRow } from '../db/types.ts';
import type { PreparedChanges } from './transport.ts';

/** What the last answer taught about time: the skew checks and re-stamps work from it. */
export interface ClockView {
  /** Learned offset from server time (server − local clock). */
  offset: number;
  /** Server time of the answer that taught the offset. */
  serverNow: number;
  /** A stamp further than this from the edit's real time counts as skewed. */
  tolerance: number;
}

/** A network failure as the transport reports it (a SyncError has this shape). */
export interface NetError {
  code: string;
  status: number;
  retryable: boolean;
  messageId?: string | undefined;
  messageEn?: string | undefined;
}

/** A failed effect: `net` when it was a network or server failure, else only the thrown value. */
export interface Failure {
  error: unknown;
  net: NetError | null;
}

/** A page made ready to leave, with its body serialized ahead where the transport could. */
export interface Ahead {
  rows: OutboxRow[];
  prepared?: PreparedChanges | undefined;
}

/** Photos not at the server yet, each with the attachment records that wait for it. */
export interface PhotoGroup {
  records: string[];
  rows: OutboxRow[];
}

/** One push/pull request on its way. */
export interface Flight {
  id: number;
  page: OutboxRow[];
  /** The cursor it pulls from. */
  since: number;
  /**
   * Sent while the request before it still waited for its answer. The server may then have
   * taken it first, or without the one before (lost on the way): a refusal in its answer (an
   * entry not there yet) is not final, so those rows stay pending and go again alone.
   */
  early: boolean;
  prepared?: PreparedChanges | undefined;
  /** The token its last attempt went with (a 401 renews it once a round). */
  token: string;
  waitingToken: boolean;
  answer: { res: SyncResponse; sentAt: number; arrivedAt: number } | { failure: Failure } | null;
  /** The outbox page after this one, read and serialized while the server works on this one. */
  next: 'none' | 'reading' | Ahead | { failure: Failure };
  /** That page made ready to leave, once (its photos are uploaded only once); null: none. */
  after?: Ahead | null;
}

/** Photos uploaded for a page, or for the photo phase: the rows that may go. */
export interface Upload {
  purpose: 'page' | 'after' | 'photo';
  rows: OutboxRow[];
  token: string;
  waitingToken: boolean;
}

/** What the round goes on with once a page after a flight is ready (see pageAfter). */
export type AfterThen = TopUpThen | 'answer';
/** After topping up: wait for the oldest answer, or apply the answer in hand. */
export type TopUpThen = 'head' | 'apply';

/** The one thing the round's main line waits for (answers of other flights may come meanwhile). */
export type Wait =
  | { on: 'register' | 'begin' | 'restamp' | 'park' | 'read' | 'cursor' | 'apply' | 'head' | 'photo' }
  /** Photos of the page chosen (no `flight`), or of the page after `flight` (see pageAfter). */
  | { on: 'upload'; flight?: number; then?: AfterThen }
  | { on: 'after'; flight: number; then: AfterThen };

export interface Counts {
  accepted: number;
  rejected: number;
  pulled: number;
  restamped: number;
}

export interface RoundState {
  phase: 'running' | 'done' | 'failed';
  failure?: Failure;
  wait: Wait;
  pushMax: number;
  pageCap: number;
  token: string | null;
  /** A registration after a 401: none yet, on its way, or done (once a round). */
  renewal: 'none' | 'running' | 'done';
  /** No answer applied yet: the first request only pulls, and nothing goes ahead of it. */
  first: boolean;
  needPull: boolean;
  clock: ClockView | null;
  restamps: number;
  /** Changes refused for clock skew, re-stamped once nothing is in flight. */
  skewTodo: string[];
  /** Requests on their way, oldest first; answers are applied strictly in this order. */
  inFlight: Flight[];
  /** The answered flight being applied (out of `inFlight`). */
  handling: Flight | null;
  nextId: number;
  /** The cursor of the newest answer received (requests sent early pull from it). */
  cursor: number;
  /** Cleared by the first answer that was not clean: the rest of the round goes one by one. */
  pipelining: boolean;
  /** The last answer left nothing to pull: only then do pages go early (holdsOwn). */
  caughtUp: boolean;
  /** A page sent early was refused as a whole (an older server): one page at a time from then. */
  earlyRefused: boolean;
  /** Attachment records held back until their photo is at the server. */
  hold: string[];
  photos: PhotoGroup[];
  /** Index of the photo group on its way (or next); -1 before the text pass is done. */
  photoAt: number;
  photoUpload: Upload | null;
  photoResult: 'running' | 'done' | { failure: Failure } | null;
  mainUpload: Upload | null;
  counts: Counts;
}

export type Effect =
  | { type: 'register' }
  | { type: 'begin' }
  | { type: 'restamp'; clock: ClockView }
  | { type: 'park'; ids: string[]; reason: { code: string; message?: string; messageEn?: string } }
  | { type: 'read'; cap: number; hold: string[]; clock: ClockView | null }
  | { type: 'readAhead'; flight: number; afterSeq: number; cap: number; hold: string[] }
  | { type: 'upload'; upload: Upload; clock: ClockView | null }
  | { type: 'progress'; sending: number; total: number }
  | { type: 'cursor' }
  | { type: 'send'; flight: Flight }
  | { type: 'apply'; flight: Flight; res: SyncResponse; sentAt: number; arrivedAt: number };

export type Event =
  | { type: 'registered'; token: string }
  | { type: 'begun'; photos: PhotoGroup[] }
  | { type: 'restamped'; count: number }
  | { type: 'parked' }
  /** `skewed`: the changeIds of `rows` whose stamps are skewed against the effect's clock. */
  | { type: 'pageRead'; rows: OutboxRow[]; skewed: string[] }
  | { type: 'aheadRead'; flight: number; ahead: Ahead }
  | { type: 'uploaded'; purpose: Upload['purpose']; kept: OutboxRow[]; parked: number; skewed: string[] }
  | { type: 'cursorRead'; cursor: number }
  | { type: 'answered'; flight: number; res: SyncResponse; sentAt: number; arrivedAt: number }
  | { type: 'applied'; offset: number; ahead: string[] }
  /** Any effect that failed; `flight` names the request (send) or read-ahead (readAhead). */
  | { type: 'failed'; of: Effect['type']; flight?: number; purpose?: Upload['purpose']; failure: Failure };

export interface Step {
  state: RoundState;
  effects: Effect[];
}

/** A step under way: the state (a private copy) and the effects asked for so far. */
export interface Out {
  s: RoundState;
  effects: Effect[];
  /** The top of the round's loop (round.ts): where a step goes on once an answer is done with. */
  loop: (out: Out) => void;
}

/** A copy of `state` that a step may change: the caller's state is never touched. */
export function copyState(state: RoundState): RoundState {
  return {
    ...state,
    inFlight: state.inFlight.map((f) => ({ ...f })),
    handling: state.handling && { ...state.handling },
    skewTodo: [...state.skewTodo],
    hold: [...state.hold],
    counts: { ...state.counts },
  };
}

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

export function fail(out: Out, failure: Failure): void {
  out.s.phase = 'failed';
  out.s.failure = failure;
}

export function flight(s: RoundState, id: number): Flight | undefined {
  return s.handling?.id === id ? s.handling : s.inFlight.find((f) => f.id === id);
}
