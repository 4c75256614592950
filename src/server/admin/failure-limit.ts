/**
 * Sign-in failures per key (an IP, a username) in fixed windows, in memory like
 * http/rate-limit.ts: only failures count, so an admin who types the password right is never
 * locked out by their own earlier successes. Several processes each count on their own.
 */
import type { RateLimit } from '../http/rate-limit.ts';

export class FailureLimit {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(limit: RateLimit, now: () => number) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Seconds until `key` may try again, or 0 when it may try now. */
  blockedFor(key: string): number {
    const w = this.#windows.get(key);
    const t = this.#now();
    if (!w || w.resetAt <= t || w.count < this.#limit.max) return 0;
    return Math.ceil((w.resetAt - t) / 1000);
  }

  fail(key: string): void {
    const t = this.#now();
    if (this.#windows.size > 10_000)
      for (const [k, w] of this.#windows) if (w.resetAt <= t) this.#windows.delete(k);
    let w = this.#windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + this.#limit.windowMs };
      this.#windows.set(key, w);
    }
    w.count += 1;
  }
}
