/**
 * SHA-256 of some bytes. Web Crypto where the page has it; a phone on a plain http:// address
 * (not a secure context) has no `crypto.subtle`, so there the pure-JS @noble/hashes is loaded on
 * first use: photos and hand-over files keep working, and the first screen's bundle does not
 * carry a hash function that secure origins never run.
 */
const loadFallback = () => import('@noble/hashes/sha2.js');
let fallback: ReturnType<typeof loadFallback> | undefined;

/** Where there is no Web Crypto, load the fallback now, while the page still has a network: with
 * no service worker on such an origin, a chunk first asked for offline could not load, and a
 * photo or hand-over file then failed. */
export function preloadSha256Fallback(): void {
  if (globalThis.crypto?.subtle) return;
  fallback ??= loadFallback();
  // A failed preload is retried on first use.
  fallback.catch(() => (fallback = undefined));
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (subtle) {
    // A fresh Uint8Array of this realm: subtle.digest refuses views over SharedArrayBuffer, and
    // an ArrayBuffer of another realm (jsdom's Blob under Node).
    return new Uint8Array(await subtle.digest('SHA-256', new Uint8Array(bytes)));
  }
  fallback ??= loadFallback();
  try {
    return (await fallback).sha256(bytes);
  } catch (err) {
    fallback = undefined;
    throw err;
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return Array.from(await sha256(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
