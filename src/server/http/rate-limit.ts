/** Rate limits per client IP, on the counters of rate-counter.ts (shared through PostgreSQL
 * when the store is PostgreSQL, in memory on SQLite). */
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiHttpError } from './errors.ts';
import type { RateCounter } from './rate-counter.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export function clientIp(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

/** At most `limit.max` requests per client IP per window, counted before the request is read;
 * `name` keeps each route's counters apart in the shared counter. */
export function rateLimit(
  limit: RateLimit,
  counter: RateCounter,
  name: string,
  now: () => number,
): MiddlewareHandler {
  return async (c, next) => {
    const w = await counter.hit(`${name}:ip:${clientIp(c)}`, limit.windowMs);
    if (w.count > limit.max) tooMany(c, w.resetAt - now());
    await next();
  };
}

/** Answer 429 with the seconds to wait (at least 1). */
export function tooMany(c: Parameters<MiddlewareHandler>[0], waitMs: number): never {
  c.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
  throw new ApiHttpError(429, 'api.rate_limited');
}
