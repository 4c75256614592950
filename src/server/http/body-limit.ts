/**
 * The request body limit, checked on Content-Length when the request has one (browsers and the
 * device's transport always send it). Node's HTTP parser never reads past that length, so the
 * header is the body's size. Hono's bodyLimit first reads `c.req.raw.body`, and on
 * @hono/node-server that builds the whole web Request around the socket as a web stream, past the
 * server's fast path that reads the body into one Buffer (`c.req.text()`, `arrayBuffer()`). A body
 * without a length (chunked) still goes through Hono's bodyLimit, which counts it as it streams.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';

export interface BodyLimit {
  maxSize: number;
  /** The answer to a body over the limit (http/errors.ts tooLarge). */
  onError: (c: Context) => Response | Promise<Response>;
}

export function bodyLimit(limit: BodyLimit): MiddlewareHandler {
  const streaming = streamingBodyLimit(limit);
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || !/^\d+$/.test(length) || c.req.header('transfer-encoding') !== undefined)
      return streaming(c, next);
    if (Number(length) > limit.maxSize) return limit.onError(c);
    await next();
  };
}
