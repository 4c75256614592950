/** A fixed-window counter per key (the client IP), in memory: enough to stop a script hammering
 * registration. Several processes each count on their own, which only loosens the limit. */
import type { MiddlewareHandler } from 'hono';
import { clientAddress } from './client-address.ts';
import { ApiHttpError } from './errors.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** The client's address (behind TRUST_PROXY proxies, from X-Forwarded-For): client-address.ts. */
export const clientIp = clientAddress;

export function rateLimit(limit: RateLimit, now: () => number): MiddlewareHandler {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return async (c, next) => {
    const t = now();
    if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
    const ip = clientIp(c);
    let w = windows.get(ip);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + limit.windowMs };
      windows.set(ip, w);
    }
    w.count += 1;
    if (w.count > limit.max) {
      c.header('Retry-After', String(Math.ceil((w.resetAt - t) / 1000)));
      throw new ApiHttpError(429, 'api.rate_limited');
    }
    await next();
  };
}
