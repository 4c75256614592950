/**
 * PUT/GET /blobs/:sha256: photos, content-addressed. The server re-hashes what it receives and
 * refuses a mismatch, whether or not it holds that photo already: the answer to a PUT depends on
 * the bytes sent alone, so it never tells whether a hash exists (a second PUT of a stored photo
 * with its bytes is a success: retries are harmless). Each upload is recorded per device; a
 * device may hold at most PHOTO_QUOTA_BYTES in photos no record names yet (the photos of one
 * push page fit many times over), and the sweep (blobs/sweep.ts) removes those left unnamed.
 * An upload may come in chunks and resume after a cut (routes/blob-chunks.ts).
 * A photo is served only to a device that may read an attachment naming it (the same scope as
 * its pulls): a token of one workshop gets no photo of another, nor of a hidden peer's entry.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { BLOB_MIME, MAX_PHOTO_BYTES, SHA256_RE } from '../../core/index.ts';
import type { AuthEnv } from '../auth/principal.ts';
import { readScope } from '../auth/permissions.ts';
import { requireDevice } from '../auth/require-device.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { concurrencyGate } from '../store/concurrency-gate.ts';
import { checkQuota, putChunk, storePhoto, type BlobDeps } from './blob-chunks.ts';

// Photos, and indicators' evidence PDFs (core/indicator-fields.ts).
const MIME = new Set<string>(BLOB_MIME);
/** Bytes of photos no record names yet that one device may hold: 256 MB, a push page of 200
 * attachments of resized photos (200–400 KB each) several times over. */
export const PHOTO_QUOTA_BYTES = 256 * 1024 * 1024;

/**
 * Uploads (whole photos or chunks) this process stores at once, once their bytes have arrived:
 * the quota check, the disk writes, the hash and the rows. The others wait in memory, so a room
 * uploading photos gets a bounded share of the event loop and every other device's /sync is
 * not queued behind their callbacks. A slow link does not hold a place: its bytes are read
 * before it takes one. `npm run bench -- server-load`, photo mix on PostgreSQL (80 devices
 * uploading 3 photos of 300 KB while 200 sync; load 1-1.4 on 2 cores), p99 of /sync while
 * photos flowed: 571 ms with no limit, 250 ms with 4 at once, 87-147 ms with 2, 69 ms with 1;
 * the 70 MB were stored in 3.2, 3.3, 3.6-3.7 and 4.6 s. The server's event loop was saturated
 * with the uploads' work, and each round trip a push makes under the counter lock waited behind
 * it, so the pushes queued.
 */
export const PHOTO_UPLOADS_IN_FLIGHT = 1;

export interface BlobRouteOptions {
  /** Uploads stored at once (default PHOTO_UPLOADS_IN_FLIGHT). */
  uploadsInFlight?: number;
}

function shaParam(raw: string): string {
  if (!SHA256_RE.test(raw))
    throw new ApiHttpError(400, 'api.invalid_body', [{ path: 'sha256', code: 'field.invalid' }]);
  return raw;
}

export function blobRoutes(deps: BlobDeps, opts: BlobRouteOptions = {}) {
  const auth = requireDevice(deps.devices);
  const storing = concurrencyGate(opts.uploadsInFlight ?? PHOTO_UPLOADS_IN_FLIGHT);
  return new Hono<AuthEnv>()
    .put('/:sha256', bodyLimit({ maxSize: MAX_PHOTO_BYTES, onError: tooLarge }), auth, async (c) => {
      const sha = shaParam(c.req.param('sha256'));
      const mime = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!MIME.has(mime)) throw new ApiHttpError(415, 'photo.not_image');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) throw new ApiHttpError(400, 'photo.unreadable');
      const deviceId = c.get('principal').deviceId;
      return storing(async () => {
        // A chunk of an upload that resumes (routes/blob-chunks.ts).
        const range = c.req.header('content-range');
        if (range !== undefined) return putChunk(c, deps, { sha, mime, bytes, range, deviceId });
        if (createHash('sha256').update(bytes).digest('hex') !== sha)
          throw new ApiHttpError(422, 'api.hash_mismatch');
        await checkQuota(deps, sha, deviceId, bytes.length);
        const known = await storePhoto(deps, sha, bytes, mime, deviceId);
        return c.json({ sha256: sha, size: bytes.length }, known ? 200 : 201);
      });
    })
    .get('/:sha256', auth, async (c) => {
      const sha = shaParam(c.req.param('sha256'));
      const scope = await readScope(c.get('principal'), deps.sync);
      // Out of scope answers as absent: a hash of another workshop's photo is not confirmed.
      if (scope.kind !== 'all' && !(await deps.photos.blobInScope(sha, scope)))
        throw new ApiHttpError(404, 'api.not_found');
      const meta = await deps.photos.getBlobMeta(sha);
      const stream = meta ? await deps.blobs.get(sha) : null;
      if (!meta || !stream) throw new ApiHttpError(404, 'api.not_found');
      return c.body(stream, 200, {
        'Content-Type': meta.mime,
        'Content-Length': String(meta.size),
        // Content-addressed: the bytes behind a hash never change. Private: it needs a token.
        'Cache-Control': 'private, max-age=31536000, immutable',
        ETag: `"${sha}"`,
      });
    });
}
