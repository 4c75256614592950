/**
 * Blobs on local disk under DATA_DIR/blobs/ab/cd/<sha256>. Written to a temp file in the same
 * directory and renamed, so a crash never leaves a half photo under its final name.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
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
  const partialOf = (key: string) => {
    if (!SHA256_RE.test(key)) throw new Error(`bad partial key ${key}`);
    return join(dir, 'partials', key);
  };
  return {
    async writePartial(key, offset, bytes) {
      const p = partialOf(key);
      await mkdir(join(p, '..'), { recursive: true });
      const f = await open(p, offset === 0 ? 'w' : 'r+');
      try {
        await f.truncate(offset);
        await f.write(bytes, 0, bytes.length, offset);
        await f.sync();
      } finally {
        await f.close();
      }
    },
    async readPartial(key, length) {
      let f;
      try {
        f = await open(partialOf(key), 'r');
      } catch {
        return null;
      }
      try {
        const out = new Uint8Array(length);
        const { bytesRead } = await f.read(out, 0, length, 0);
        return bytesRead === length ? out : null;
      } finally {
        await f.close();
      }
    },
    deletePartial: async (key) => rm(partialOf(key), { force: true }),
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
