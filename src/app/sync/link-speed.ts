/**
 * What the transport knows of the link: the speed it measured on the requests that carried
 * enough bytes to tell, and from it how long a request of a given size may take before it counts
 * as stalled, and how large a photo chunk should be. Pure state, no timers: transport.ts owns
 * the network and asks this.
 */

/** Every request gets this much on top of its bytes' travel: round trips and the server's work. */
export const BASE_BUDGET_MS = 10_000;
/** A request may take this many times its expected travel before it is abandoned. */
const SLACK = 3;
/** The slowest link a request is planned for before anything was measured (32 kbit/s). */
export const FLOOR_BYTES_PER_S = 4_000;
/** No single request waits longer than this, however large. */
export const MAX_BUDGET_MS = 5 * 60_000;
/** Requests carrying fewer bytes say more about round trips than about speed: not sampled. */
const SAMPLE_MIN_BYTES = 16 * 1024;
/** A photo chunk is about this much of link time: a cut re-sends at most that. */
const CHUNK_TARGET_MS = 4_000;
export const CHUNK_MIN_BYTES = 32 * 1024;
/** Even on a fast link: a resized photo (200–400 KB) goes in a chunk or two, so a cut costs
 * at most this much again. */
export const CHUNK_MAX_BYTES = 256 * 1024;
/** Before any measurement: about a slow 3G link's 4 seconds. */
const CHUNK_FIRST_BYTES = 64 * 1024;

export class LinkSpeed {
  #bytesPerS: number | null = null;
  readonly #baseMs: number;

  /** `baseMs`: the fixed part of every budget (BASE_BUDGET_MS unless a caller knows better). */
  constructor(baseMs: number = BASE_BUDGET_MS) {
    this.#baseMs = baseMs;
  }

  /** Bytes per second measured so far (null: nothing measured yet). */
  get bytesPerS(): number | null {
    return this.#bytesPerS;
  }

  /** A request of `bytes` that took `ms` from sending to its answer. */
  sample(bytes: number, ms: number): void {
    if (bytes < SAMPLE_MIN_BYTES || ms <= 0) return;
    const bps = (bytes * 1000) / ms;
    // Smoothed, but a link that got much slower is believed at once: it is what stalls.
    const prev = this.#bytesPerS;
    this.#bytesPerS = prev === null || bps < prev / 2 ? bps : prev * 0.7 + bps * 0.3;
  }

  /** How long a request carrying `bytes` (either way) may take before it is abandoned. */
  budgetMs(bytes: number): number {
    const bps = Math.max(FLOOR_BYTES_PER_S, (this.#bytesPerS ?? FLOOR_BYTES_PER_S) / SLACK);
    return Math.min(MAX_BUDGET_MS, Math.round(this.#baseMs + (bytes * 1000) / bps));
  }

  /** Bytes of the next photo chunk: about CHUNK_TARGET_MS of travel at the measured speed. */
  chunkBytes(): number {
    if (this.#bytesPerS === null) return CHUNK_FIRST_BYTES;
    const want = (this.#bytesPerS * CHUNK_TARGET_MS) / 1000;
    return Math.round(Math.min(CHUNK_MAX_BYTES, Math.max(CHUNK_MIN_BYTES, want)));
  }
}
