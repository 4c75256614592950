/**
 * Socket timeouts of the HTTP server, so a client that stops sending cannot hold a connection:
 * Node's defaults keep a stalled body for 300 s. A socket silent for `idleMs` is closed (a stalled
 * body or an upload that stopped: closed 30 s after its last byte); the headers must arrive within
 * `headersMs` and the whole request within `requestMs`, so a client dripping a byte now and then
 * is cut too. `requestMs` leaves a 10 MB photo time to arrive at ~1 Mbit/s; Node checks these two
 * every `connectionsCheckingInterval` (30 s unless set when the server is made).
 */
import type { Server } from 'node:http';

export interface HttpTimeouts {
  idleMs: number;
  headersMs: number;
  requestMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { idleMs: 30_000, headersMs: 20_000, requestMs: 120_000 };

/** Apply `t` to a server made by @hono/node-server's serve() (plain or TLS). */
export function applyHttpTimeouts(
  server: Pick<Server, 'setTimeout' | 'headersTimeout' | 'requestTimeout'>,
  t = HTTP_TIMEOUTS,
) {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  // No 'timeout' listener: Node destroys a socket that is silent this long.
  server.setTimeout(t.idleMs);
}
