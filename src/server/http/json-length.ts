/**
 * Every JSON answer of the API leaves with its Content-Length. Hono's `c.json()` sets none, and
 * `compress()` (app.ts) compresses an answer of unknown length whatever its size: each token,
 * join and error answer (100–400 bytes) went through a CompressionStream, web streams adapted to
 * a node:zlib stream, to come out no smaller. With the length known, `compress()` leaves answers
 * under its threshold (1 KB) alone and still compresses larger ones (admin lists). Measured with
 * `npm run bench -- server-load` (profile of the arrivals): that gzip and its streams were about
 * a tenth of the server's CPU while a room of devices registered.
 */
import type { MiddlewareHandler } from 'hono';

export function jsonLength(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!res.body || res.headers.has('Content-Length') || res.headers.has('Content-Encoding')) return;
    if (!res.headers.get('Content-Type')?.startsWith('application/json')) return;
    // A JSON answer is one string built in memory already: reading it back costs a copy, not a wait.
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    headers.set('Content-Length', String(body.byteLength));
    // Cleared first: assigning over a response copies its headers onto the new one (Hono's setter).
    c.res = undefined;
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
  };
}
