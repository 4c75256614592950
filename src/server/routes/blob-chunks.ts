/**
 * Photo uploads that resume (`PUT /blobs/:sha256` with `Content-Range`, core/protocol.ts): a
 * chunk is appended to this device's unfinished upload of the photo only when it starts where
 * that upload ends, so a cut link costs at most the chunk that was on its way. The last chunk
 * re-hashes the whole: a mismatch drops the partial and stores nothing. Unfinished uploads are
 * per device (another device's partial is never seen, so an unknown hash and another's answer
 * alike) and count against the device's quota with their declared size; the sweep removes those
 * that stop growing (blobs/sweep.ts).
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { apiError, CONTENT_RANGE_RE, MAX_PHOTO_BYTES } from '../../core/index.ts';
import { partialKey } from '../blobs/partial-key.ts';
import type { ServerDeps } from '../deps.ts';

/** What the photo routes take (routes/blobs.ts). */
export type BlobDeps = Pick<
  ServerDeps,
  'sync' | 'devices' | 'photos' | 'partials' | 'blobs' | 'clock' | 'photoQuotaBytes'
>;
import { ApiHttpError } from '../http/errors.ts';

/** Unfinished uploads one device may hold at once (bytes are bounded by its quota too). */
export const MAX_PARTIALS_PER_DEVICE = 64;

/**
 * Refuse a new photo (or unfinished upload) of `size` bytes that would overfill the quota, and
 * with `newPartial` one more unfinished upload than MAX_PARTIALS_PER_DEVICE.
 */
export async function checkQuota(
  deps: BlobDeps,
  sha: string,
  deviceId: string,
  size: number,
  newPartial = false,
) {
  const use = await deps.photos.quotaUse(sha, deviceId);
  if (newPartial && use.partialCount >= MAX_PARTIALS_PER_DEVICE) throw new ApiHttpError(413, 'photo.quota');
  if (use.named) return;
  if (use.unnamedBytes + use.partialBytes + size > deps.photoQuotaBytes)
    throw new ApiHttpError(413, 'photo.quota');
}

/** Store verified bytes under their hash; true when the server held the photo already. */
export async function storePhoto(
  deps: BlobDeps,
  sha: string,
  bytes: Uint8Array,
  mime: string,
  deviceId: string,
): Promise<boolean> {
  // Bytes first, then the row: a row always means the file is there.
  await deps.blobs.put(sha, bytes);
  const now = deps.clock();
  const added = await deps.photos.putBlobMeta({ sha256: sha, size: bytes.length, mime, createdAt: now });
  await deps.photos.recordBlobUpload(sha, deviceId, now);
  return !added;
}

/** Chunks of one partial are handled one at a time in this process (the row's check covers others). */
const busy = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = busy.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  busy.set(key, tail);
  void tail.then(() => {
    if (busy.get(key) === tail) busy.delete(key);
  });
  return run;
}

export interface Chunk {
  sha: string;
  mime: string;
  bytes: Uint8Array;
  range: string;
  deviceId: string;
}

function parseRange(range: string, length: number) {
  const m = CONTENT_RANGE_RE.exec(range);
  const [first, last, total] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, -1, 0];
  if (!m || last < first || last >= total || last - first + 1 !== length)
    throw new ApiHttpError(400, 'api.invalid_body', [{ path: 'content-range', code: 'field.invalid' }]);
  if (total > MAX_PHOTO_BYTES) throw new ApiHttpError(413, 'api.too_large');
  return { first, total };
}

export async function putChunk(c: Context, deps: BlobDeps, k: Chunk): Promise<Response> {
  const { first, total } = parseRange(k.range, k.bytes.length);
  const key = partialKey(k.sha, k.deviceId);
  return oneAtATime(key, async () => {
    const offsetAnswer = (received: number) => c.json({ ...apiError('photo.offset'), received }, 409);
    let held = await deps.partials.getPartial(k.sha, k.deviceId);
    if (held && (held.total !== total || held.mime !== k.mime)) {
      // Another size or type for the same hash: the old partial cannot be the same photo.
      await deps.partials.deletePartial(k.sha, k.deviceId);
      await deps.blobs.deletePartial(key);
      held = null;
    }
    const received = held?.received ?? 0;
    if (first !== received) {
      // The last chunk's answer was lost: this device stored the photo already, so saying so
      // tells it nothing new, and it sends nothing again.
      if (
        !held &&
        (await deps.photos.uploadedBy(k.sha, k.deviceId)) &&
        (await deps.photos.getBlobMeta(k.sha))
      )
        return c.json({ sha256: k.sha, size: total }, 200);
      return offsetAnswer(received);
    }
    if (!held) await checkQuota(deps, k.sha, k.deviceId, total, true);
    try {
      await deps.blobs.writePartial(key, first, k.bytes);
    } catch {
      // The file is gone (a restore, a disk swap): start this photo again from its first byte.
      await deps.partials.deletePartial(k.sha, k.deviceId);
      return offsetAnswer(0);
    }
    const now = deps.clock();
    const next = first + k.bytes.length;
    const row = { sha256: k.sha, deviceId: k.deviceId, mime: k.mime, total, received: next, updatedAt: now };
    const moved = async () =>
      offsetAnswer((await deps.partials.getPartial(k.sha, k.deviceId))?.received ?? 0);
    // The last chunk of an upload begun before moves the row on by removing it (one query, with
    // the same check that it still holds `received`); a chunk that leaves bytes to come, or one
    // that is the whole photo, saves it.
    const last = held !== null && next === total;
    if (!last && !(await deps.partials.savePartial(row, held ? received : null))) return moved();
    if (next < total) return c.json({ received: next }, 202);
    const whole = await deps.blobs.readPartial(key, total);
    if (last) {
      if (!(await deps.partials.deletePartialAt(k.sha, k.deviceId, received))) return moved();
    } else await deps.partials.deletePartial(k.sha, k.deviceId);
    await deps.blobs.deletePartial(key);
    if (!whole || createHash('sha256').update(whole).digest('hex') !== k.sha)
      throw new ApiHttpError(422, 'api.hash_mismatch');
    const known = await storePhoto(deps, k.sha, whole, k.mime, k.deviceId);
    return c.json({ sha256: k.sha, size: total }, known ? 200 : 201);
  });
}
