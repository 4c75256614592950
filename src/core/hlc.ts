/**
 * Hybrid logical clock. A stamp is a fixed-width string, so plain string comparison is clock
 * order: 15 decimal digits of wall-clock ms, 5 base-36 digits of counter, then the node id
 * (the device id) that breaks ties. Pure: the caller supplies the physical time.
 */
import { ID_CHARS } from './ids.ts';

export type Hlc = string;

export interface HlcParts {
  wall: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
const MAX_WALL = 10 ** WALL_DIGITS - 1;
/**
 * The highest counter a device issues and the server accepts (sync/check-change.ts). A counter
 * only climbs while stamps share one wall ms; past this one tick() moves the wall on instead, so
 * no honest device goes beyond it, and a device on an older app that folds it in still has
 * 58 million ticks before its counter is full.
 */
export const MAX_ACCEPTED_COUNTER = 36 ** (COUNTER_DIGITS - 1) - 1;
/** Node ids are short and cannot contain the separator. */
const NODE_RE = new RegExp(`^${ID_CHARS}{1,64}$`);
export const HLC_RE = new RegExp(`^\\d{15}-[0-9a-z]{5}-${ID_CHARS}{1,64}$`);

export function encodeHlc({ wall, counter, node }: HlcParts): Hlc {
  if (!Number.isSafeInteger(wall) || wall < 0) throw new RangeError(`bad HLC wall ${wall}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`bad HLC counter ${counter}`);
  }
  if (!NODE_RE.test(node)) throw new RangeError(`bad HLC node ${node}`);
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${node}`;
}

export function parseHlc(stamp: Hlc): HlcParts {
  if (!HLC_RE.test(stamp)) throw new RangeError(`bad HLC ${stamp}`);
  return {
    wall: Number(stamp.slice(0, WALL_DIGITS)),
    counter: parseInt(stamp.slice(WALL_DIGITS + 1, WALL_DIGITS + 1 + COUNTER_DIGITS), 36),
    node: stamp.slice(WALL_DIGITS + COUNTER_DIGITS + 2),
  };
}

/** The node (device id) that issued a stamp. */
export function hlcNode(stamp: Hlc): string {
  return stamp.slice(WALL_DIGITS + COUNTER_DIGITS + 2);
}

export function hlcWall(stamp: Hlc): number {
  return Number(stamp.slice(0, WALL_DIGITS));
}

export function hlcCounter(stamp: Hlc): number {
  return parseInt(stamp.slice(WALL_DIGITS + 1, WALL_DIGITS + 1 + COUNTER_DIGITS), 36);
}

/** Clock state: the last stamp's wall and counter. Serialisable, so a device can persist it. */
export interface HlcState {
  wall: number;
  counter: number;
}

export const HLC_ZERO: HlcState = { wall: 0, counter: 0 };

/** Physical time as a wall ms: a broken clock (NaN, negative) counts as 0, so the state decides. */
function physical(now: number): number {
  return Number.isFinite(now) && now > 0 ? Math.floor(now) : 0;
}

/**
 * The next local stamp after `state`, at physical time `now`. Never throws on a state that any
 * valid stamp can lead to: a counter past MAX_ACCEPTED_COUNTER (full, or nearly) moves the wall
 * on by 1 ms instead (still after every stamp seen, since the wall is larger), so a stamp with
 * counter `zzzzz` cannot stop a device. Only at the last representable ms (the year 33658) does
 * the counter climb on to full and then stay put, repeating its stamp.
 */
export function tick(state: HlcState, now: number, node: string): { state: HlcState; stamp: Hlc } {
  let wall = Math.min(MAX_WALL, Math.max(state.wall, physical(now)));
  let counter = wall === state.wall ? state.counter + 1 : 0;
  if (counter > MAX_ACCEPTED_COUNTER && wall < MAX_WALL) {
    wall += 1;
    counter = 0;
  } else if (counter > MAX_COUNTER) counter = MAX_COUNTER;
  const next = { wall, counter };
  return { state: next, stamp: encodeHlc({ ...next, node }) };
}

/** Fold a stamp seen from elsewhere into the clock, so later local stamps sort after it. */
export function receive(state: HlcState, remote: Hlc, now: number): HlcState {
  const r = parseHlc(remote);
  const wall = Math.min(MAX_WALL, Math.max(state.wall, r.wall, physical(now)));
  let counter: number;
  if (wall === state.wall && wall === r.wall) counter = Math.max(state.counter, r.counter);
  else if (wall === state.wall) counter = state.counter;
  else if (wall === r.wall) counter = r.counter;
  else counter = 0;
  return { wall, counter };
}

/**
 * A small stateful wrapper for one node. `now` is injectable so tests and skewed devices can
 * be simulated; a device passes `() => Date.now() + serverOffset`.
 */
export class HlcClock {
  #state: HlcState;
  readonly node: string;
  readonly #now: () => number;

  constructor(node: string, now: () => number, state: HlcState = HLC_ZERO) {
    if (!NODE_RE.test(node)) throw new RangeError(`bad HLC node ${node}`);
    this.node = node;
    this.#now = now;
    this.#state = { ...state };
  }

  get state(): HlcState {
    return { ...this.#state };
  }

  now(): Hlc {
    const { state, stamp } = tick(this.#state, this.#now(), this.node);
    this.#state = state;
    return stamp;
  }

  receive(remote: Hlc): void {
    this.#state = receive(this.#state, remote, this.#now());
  }
}
