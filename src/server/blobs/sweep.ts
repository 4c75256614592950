/**
 * Photos that no record names are removed once they are older than a grace period: a device
 * uploads a photo just before the attachment that names it (DESIGN.md "Photos"), so a photo still
 * unnamed days later was abandoned, or uploaded only to fill the disk. The grace period is long
 * (7 days) so that a device cut off between the upload and the attachment's push still finds its
 * photo when it comes back. Runs at start and then every hour; `now` is injectable for tests.
 */
import { partialKey } from './partial-key.ts';
import type { PhotoPartialStore, PhotoStore } from '../store/types.ts';
import type { BlobStore } from './types.ts';

export const PHOTO_GRACE_MS = 7 * 24 * 3600 * 1000;
/**
 * An unfinished upload that has not grown for this long is dropped (routes/blob-chunks.ts): the
 * device then sends that photo again from its first byte. A day covers a phone that left the
 * hall and comes online the next morning.
 */
export const PARTIAL_GRACE_MS = 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 3600 * 1000;
/** Photos forgotten per batch, so one sweep never holds a long list in memory. */
const BATCH = 200;

export interface SweepDeps {
  store: Pick<PhotoStore, 'unnamedBlobsBefore' | 'deleteBlobMeta'> &
    Pick<PhotoPartialStore, 'partialsBefore' | 'deletePartialBefore'>;
  blobs: Pick<BlobStore, 'delete' | 'deletePartial'>;
  clock: () => number;
}

/** One sweep: every photo stored before now − graceMs that no record names; returns how many. */
export async function sweepUnnamedPhotos(deps: SweepDeps, graceMs = PHOTO_GRACE_MS): Promise<number> {
  const before = deps.clock() - graceMs;
  let removed = 0;
  for (;;) {
    const shas = await deps.store.unnamedBlobsBefore(before, BATCH);
    let gone = 0;
    for (const sha of shas) {
      // The row first, re-checked: a record that names the photo meanwhile keeps it. A PUT of the
      // same photo between the two steps may leave its row without the file: GET answers 404
      // and the next PUT of it writes the file again (routes/blobs.ts always reads the bytes).
      if (!(await deps.store.deleteBlobMeta(sha, before))) continue;
      await deps.blobs.delete(sha);
      gone++;
    }
    removed += gone;
    if (shas.length < BATCH || gone === 0) return removed;
  }
}

/** One sweep of unfinished uploads that stopped growing before now − graceMs; returns how many. */
export async function sweepPartials(deps: SweepDeps, graceMs = PARTIAL_GRACE_MS): Promise<number> {
  const before = deps.clock() - graceMs;
  let removed = 0;
  for (;;) {
    const stale = await deps.store.partialsBefore(before, BATCH);
    let gone = 0;
    for (const p of stale) {
      // The row first, only if it has still not grown: a chunk that came meanwhile keeps it.
      if (!(await deps.store.deletePartialBefore(p.sha256, p.deviceId, before))) continue;
      await deps.blobs.deletePartial(partialKey(p.sha256, p.deviceId));
      gone++;
    }
    removed += gone;
    if (stale.length < BATCH || gone === 0) return removed;
  }
}

/** Sweep now and every hour; the timer does not keep the process alive. Returns a stop function. */
export function startPhotoSweep(deps: SweepDeps & { log: Pick<Console, 'error'> }): () => void {
  const run = () =>
    void sweepUnnamedPhotos(deps)
      .then(() => sweepPartials(deps))
      .catch((err: unknown) => deps.log.error('photo sweep failed', err));
  run();
  const timer = setInterval(run, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
