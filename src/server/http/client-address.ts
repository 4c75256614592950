/**
 * Who is asking, and over which scheme: the socket's peer and the URL's scheme, or, behind
 * TRUST_PROXY reverse proxies, what the nearest proxies wrote in X-Forwarded-For/-Proto. The
 * rate limits count by this address; HSTS and the HTTP redirect look at the scheme.
 * Only the last `hops` entries are believed: anything to their left came from the client and
 * could be made up.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

interface Client {
  address: string;
  https: boolean;
}

const resolved = new WeakMap<Request, Client>();

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

/** The entry `hops` from the right of a comma list, or the leftmost when the list is shorter
 * (as Express does: fewer proxies answered than configured). */
function fromRight(header: string | undefined, hops: number): string | undefined {
  if (!header) return undefined;
  const list = header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) return undefined;
  return list[Math.max(0, list.length - hops)];
}

export function resolveClient(c: Context, hops: number): Client {
  const own: Client = { address: socketAddress(c), https: new URL(c.req.url).protocol === 'https:' };
  if (hops <= 0) return own;
  const forwardedFor = fromRight(c.req.header('x-forwarded-for'), hops);
  const proto = fromRight(c.req.header('x-forwarded-proto'), hops)?.toLowerCase();
  return {
    address: forwardedFor ?? own.address,
    https: proto === undefined ? own.https : proto === 'https',
  };
}

/** Resolves the client once per request (app.ts puts it first). */
export function clientInfo(trustProxyHops: number): MiddlewareHandler {
  return async (c, next) => {
    resolved.set(c.req.raw, resolveClient(c, trustProxyHops));
    await next();
  };
}

/** The client's address: the key of every per-client rate limit. */
export function clientAddress(c: Context): string {
  return resolved.get(c.req.raw)?.address ?? socketAddress(c);
}

/** Whether the client reached us over HTTPS (directly, or at a trusted proxy). */
export function clientUsesHttps(c: Context): boolean {
  return resolved.get(c.req.raw)?.https ?? new URL(c.req.url).protocol === 'https:';
}
