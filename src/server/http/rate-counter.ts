/**
 * Fixed-window counters for the rate limits. On PostgreSQL they live in the database
 * (store.rateHit: one atomic upsert), so N processes behind a load balancer share one quota
 * instead of allowing N times it; on SQLite (one process by construction) in this process's
 * memory. Every hit is counted when it arrives, before any work is done for it.
 */
import type { RateCountStore, StoreLifecycle } from '../store/types.ts';

export interface RateCounter {
  /** Count a hit of `key`; the count in its window including this one, and when it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
  /** Give one hit back (a sign-in that succeeded is not an attempt against the limit). */
  refund(key: string): Promise<void>;
}

/** At most this many windows in memory before expired ones are swept. */
const SWEEP_AT = 10_000;

export function memoryRateCounter(now: () => number): RateCounter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(key, windowMs) {
      const t = now();
      if (windows.size > SWEEP_AT) for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return Promise.resolve({ count: w.count, resetAt: w.resetAt });
    },
    refund(key) {
      const w = windows.get(key);
      if (w && w.resetAt > now() && w.count > 0) w.count -= 1;
      return Promise.resolve();
    },
  };
}

export function storeRateCounter(store: RateCountStore, now: () => number): RateCounter {
  return {
    hit: (key, windowMs) => store.rateHit(key, windowMs, now()),
    refund: (key) => store.rateRefund(key, now()),
  };
}

/** Shared through the database where there can be several processes (PostgreSQL). */
export function rateCounterFor(
  store: RateCountStore & Pick<StoreLifecycle, 'engine'>,
  now: () => number,
): RateCounter {
  return store.engine === 'postgres' ? storeRateCounter(store, now) : memoryRateCounter(now);
}
