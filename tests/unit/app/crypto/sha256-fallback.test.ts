/** SHA-256 without Web Crypto (a phone on a plain http:// address): the same digests. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '$src/app/crypto/sha256.ts';
import { sha256Hex as photoHash } from '$src/app/photos/hash.ts';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Hex', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses Web Crypto where the page has it', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(ABC);
    expect(digest).toHaveBeenCalledOnce();
    digest.mockRestore();
  });

  it('gives the same digests without crypto.subtle (insecure origin)', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
    const withSubtle = await sha256Hex(bytes);
    vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(ABC);
    expect(await sha256Hex(bytes)).toBe(withSubtle);
    expect(await photoHash(new Blob([bytes]))).toBe(withSubtle);
  });
});
