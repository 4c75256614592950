/** Rate limits per client IP, on the counters of rate-counter.ts (shared through PostgreSQL
 * when the store is PostgreSQL, in memory on SQLite). */
import type { MiddlewareHandler } from 'hono';
import { clientAddress } from './client-address.ts';
import { ApiHttpError } from './errors.ts';
import type { RateCounter } from './rate-counter.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** The client's address (behind TRUST_PROXY proxies, from X-Forwarded-For): client-address.ts. */
export const clientIp = clientAddress;

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
