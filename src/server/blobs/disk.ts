/**
 * Blobs on local disk under DATA_DIR/blobs/ab/cd/<sha256>. Written to a temp file in the same
 * directory and renamed, so a crash never leaves a half photo under its final name.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomToken, SHA256_RE } from '../../core/index.ts';
import type { BlobStore } from './types.ts';

export function createDiskBlobStore(dir: string): BlobStore {
  const pathOf = (sha: string) => {
    // The hash names a path: never let anything else through.
    if (!SHA256_RE.test(sha)) throw new Error(`bad sha256 ${sha}`);
    return join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  };
  const exists = async (p: string) => {
    try {
      return (await stat(p)).isFile();
    } catch {
      return false;
    }
  };
  return {
    async put(sha, bytes) {
      const final = pathOf(sha);
      if (await exists(final)) return;
      const folder = join(final, '..');
      await mkdir(folder, { recursive: true });
      const tmp = join(folder, `.${sha}.${randomToken(6)}.tmp`);
      try {
        await writeFile(tmp, bytes, { flush: true });
        await rename(tmp, final);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(sha) {
      const p = pathOf(sha);
      if (!(await exists(p))) return null;
      return Readable.toWeb(createReadStream(p)) as ReadableStream<Uint8Array>;
    },
    has: async (sha) => exists(pathOf(sha)),
    delete: async (sha) => rm(pathOf(sha), { force: true }),
  };
}
