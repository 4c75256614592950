/** Photos by hash (DATA_DIR/blobs/ab/cd/<sha256>): copied file by file, never a half-written one. */
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SHA256_RE } from '../../core/index.ts';

export interface PhotoCopy {
  photos: number;
  bytes: number;
}

/** Every finished photo under `from` (temp files of an upload in progress are skipped: they are
 * renamed to their hash only once complete), to the same place under `to`. */
export async function copyPhotos(from: string, to: string): Promise<PhotoCopy> {
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true, recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { photos: 0, bytes: 0 };
    throw err;
  }
  let photos = 0;
  let bytes = 0;
  for (const e of entries) {
    if (!e.isFile() || !SHA256_RE.test(e.name)) continue;
    const src = join(e.parentPath, e.name);
    const dest = join(to, relative(from, src));
    await mkdir(join(dest, '..'), { recursive: true });
    await copyFile(src, dest);
    photos += 1;
    bytes += (await stat(dest)).size;
  }
  return { photos, bytes };
}
