/** The disk blob store: content-addressed paths, atomic writes, idempotent puts, no path tricks. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiskBlobStore } from '$src/server/blobs/disk.ts';
import { tempDir } from '../helpers/stores.ts';

const SHA = 'ab'.repeat(32);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('createDiskBlobStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('disk-blobs');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores under ab/ab/<sha>, reads back, and leaves no temp file', async () => {
    const blobs = createDiskBlobStore(dir);
    expect(await blobs.has(SHA)).toBe(false);
    expect(await blobs.get(SHA)).toBeNull();
    await blobs.put(SHA, new Uint8Array([1, 2, 3]));
    expect(existsSync(join(dir, 'ab', 'ab', SHA))).toBe(true);
    expect(readdirSync(join(dir, 'ab', 'ab'))).toEqual([SHA]);
    expect(await blobs.has(SHA)).toBe(true);
    expect(await readAll((await blobs.get(SHA))!)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('a second put of the same hash keeps the first bytes (content-addressed)', async () => {
    const blobs = createDiskBlobStore(dir);
    await blobs.put(SHA, new Uint8Array([1]));
    await blobs.put(SHA, new Uint8Array([9, 9]));
    expect(await readAll((await blobs.get(SHA))!)).toEqual(new Uint8Array([1]));
  });

  it('refuses anything that is not a sha256 as a name', async () => {
    const blobs = createDiskBlobStore(dir);
    await expect(blobs.put('../../etc/passwd', new Uint8Array([1]))).rejects.toThrow(/sha256/);
    await expect(blobs.has('AB'.repeat(32))).rejects.toThrow(/sha256/);
  });
});
