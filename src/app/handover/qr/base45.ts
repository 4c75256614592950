/**
 * Base45 (RFC 9285): bytes as text in the QR code's alphanumeric alphabet. A QR code stores that
 * alphabet at 5.5 bits a character, so 2 bytes cost 16.5 bits instead of the 21.3 of base64 in
 * byte mode: about a quarter fewer frames for the same hand-over. It also avoids byte mode's
 * character-set guessing (BarcodeDetector hands back text, not bytes).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    out += ALPHABET[c]! + ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/** The bytes, or null for text that is not base45 (a wrong character, length or value). */
export function fromBase45(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const chunk = text.slice(i, i + 3);
    let n = 0;
    for (let j = chunk.length - 1; j >= 0; j--) {
      const v = VALUE.get(chunk[j]!);
      if (v === undefined) return null;
      n = n * 45 + v;
    }
    if (chunk.length === 3) {
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}
