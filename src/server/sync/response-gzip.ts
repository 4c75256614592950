/**
 * The /sync answer, gzipped here in one call to node:zlib when the device accepts gzip. The
 * answer is already one string in memory (response-json.ts), so streaming it through Hono's
 * `compress()` (a CompressionStream, chunk by chunk through web streams, then adapted back to a
 * Node stream) only cost CPU: under `npm run bench -- server-load` the server's CPU per request
 * fell from 4.5–4.6 ms to 3.5–3.9 ms without it. `zlib.gzip` runs on libuv's thread pool, so
 * the event loop serves other devices meanwhile. Gzip at zlib's default level, the level
 * `compress()` uses for every other answer, so a /sync answer is no bigger than theirs would be.
 * `compress()` leaves a response that already has a Content-Encoding alone.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Context } from 'hono';
import { parseAccept } from 'hono/utils/accept';

const gzipAsync = promisify(gzip);

/** Below this, gzip saves too little to be worth it (the same threshold as Hono's compress). */
export const GZIP_MIN_BYTES = 1024;

/** Whether an Accept-Encoding header allows gzip (q > 0, named or through `*`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const accepts = parseAccept(header);
  const named = accepts.find((a) => a.type.toLowerCase() === 'gzip');
  if (named) return named.q > 0;
  const any = accepts.find((a) => a.type === '*');
  return any !== undefined && any.q > 0;
}

/** `extra`: headers of this answer (they may replace Vary when the answer depends on more). */
export async function jsonAnswer(
  c: Context,
  text: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Vary: 'Accept-Encoding',
    ...extra,
  };
  // With its length given, compress() also leaves a small answer alone (its own threshold).
  if (text.length < GZIP_MIN_BYTES || !acceptsGzip(c.req.header('accept-encoding')))
    return c.body(text, 200, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  const body = await gzipAsync(text);
  return c.body(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), 200, {
    ...headers,
    'Content-Encoding': 'gzip',
    'Content-Length': String(body.byteLength),
  });
}
