/**
 * LOG_FORMAT=json: one JSON line per answered request, for journald or a log collector:
 * time, request id, method, route, status, ms. The route is the matched pattern
 * (`/api/v1/blobs/:sha256`), never the raw path or query string, so no token, join code or
 * secret parameter is ever written. The id is echoed in X-Request-Id so a user's report can be
 * found in the log.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

export interface RequestLine {
  time: string;
  id: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

/** A proxy's id is kept when it looks like one (never a whole header's worth of text). */
const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestLog(
  write: (line: string) => void,
  now: () => number = performance.now.bind(performance),
): MiddlewareHandler {
  return async (c, next) => {
    const started = now();
    const incoming = c.req.header('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    c.header('X-Request-Id', id);
    try {
      await next();
    } finally {
      const line: RequestLine = {
        time: new Date().toISOString(),
        id,
        method: c.req.method,
        route: routePath(c) || 'unmatched',
        // An error that escaped every handler answers 500 (onError builds that answer).
        status: c.res.status,
        ms: Math.round((now() - started) * 10) / 10,
      };
      write(JSON.stringify(line));
    }
  };
}
