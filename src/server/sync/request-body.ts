/**
 * The /sync request body as text. Devices send it gzipped (`Content-Encoding: gzip`, from
 * CompressionStream: a page of 200 entries is ~380 KB of JSON and ~60 KB on the wire). The limit
 * holds for the DECODED body too: inflating stops at JSON_BODY_LIMIT and the request is refused
 * with 413, so a small zip bomb never becomes a large buffer. A gzip body whose header a proxy
 * dropped is still recognised by its magic bytes (JSON never starts with 0x1f). Corrupt gzip is
 * 400 api.bad_json, like any body that is not JSON; other encodings are refused the same way.
 */
import { gunzipSync } from 'node:zlib';
import { ApiHttpError } from '../http/errors.ts';

const decoder = new TextDecoder();

function isGzip(raw: Uint8Array): boolean {
  return raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
}

export function requestBodyText(raw: Uint8Array, contentEncoding: string | undefined, limit: number): string {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc !== '' && enc !== 'identity' && enc !== 'gzip') throw new ApiHttpError(400, 'api.bad_json');
  if (enc !== 'gzip' && !isGzip(raw)) return decoder.decode(raw);
  let out: Buffer;
  try {
    out = gunzipSync(raw, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ApiHttpError(413, 'api.too_large');
    throw new ApiHttpError(400, 'api.bad_json');
  }
  return decoder.decode(out);
}
