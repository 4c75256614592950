/**
 * Client-made ids: UUIDv7 (RFC 9562), so ids sort by creation time and two offline devices
 * never collide. Uses the Web Crypto global, present in browsers and Node >= 19.
 */
declare const crypto: { getRandomValues<T extends Uint8Array>(a: T): T };

/**
 * The characters of every id that crosses a boundary (record, device, workshop and HLC node ids),
 * as a regex character class. A UUID fits, and so do the readable ids of seeds and tests
 * (`opd:dinsos`); nothing in it needs escaping in a URL path, a file name or a log line, and an
 * HLC can still be split at its first two '-' because the node id comes last.
 */
export const ID_CHARS = '[A-Za-z0-9_.:-]';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function uuidv7(now: number = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Math.floor(now);
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => HEX[x]!).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** 32 random bytes as hex: device tokens and join secrets. */
export function randomToken(bytes = 32): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (x) => HEX[x]!).join('');
}
