/**
 * Photo traffic's queries on PostgreSQL, a few at a time. A chunk of an upload (routes/blob-
 * chunks.ts) makes a few short queries one after another (seven, before they were cut down),
 * each taking a pool connection; 80 devices uploading at once kept the whole pool (10) busy with
 * them and 20+ more waiting in pg's queue, so every other device's /sync waited there for its
 * token check, its push's transaction and its pull (`npm run bench -- server-load`, photo mix:
 * the pool had 20-24 queries waiting while the photos flowed, a connection took up to 80-128 ms
 * to get, and /sync's p99 was 0.9-2.9 s). Gated, the photo queries take at most
 * PHOTO_QUERIES_IN_FLIGHT connections and the rest wait in memory. The upload route stores few
 * uploads at once anyway (routes/blobs.ts PHOTO_UPLOADS_IN_FLIGHT); this holds whatever that is
 * set to, and for photo downloads' and the sweep's queries too.
 *
 * What a sync or a reader asks about photos (mayNameBlob: may this attachment name it;
 * blobInScope: may this device read it) is not gated: it is that request's own work, not
 * another device's upload.
 */
import type { PhotoPartialStore } from './blob-partials.ts';
import type { concurrencyGate } from './concurrency-gate.ts';
import type { PhotoStore } from './photo-store.ts';

/** Photo queries of one process holding pool connections at once. */
export const PHOTO_QUERIES_IN_FLIGHT = 2;

type PhotoParts = PhotoStore & PhotoPartialStore;

/** The methods uploads, photo metadata reads and the sweep call. */
const GATED = [
  'recordBlobUpload',
  'uploadedBy',
  'quotaUse',
  'putBlobMeta',
  'getBlobMeta',
  'unnamedBlobsBefore',
  'deleteBlobMeta',
  'getPartial',
  'savePartial',
  'deletePartial',
  'deletePartialAt',
  'partialsBefore',
  'deletePartialBefore',
] as const satisfies readonly (keyof PhotoParts)[];

type Gated = Pick<PhotoParts, (typeof GATED)[number]>;

/** `store`'s photo methods, each call going through `gate`. */
export function gatePhotoQueries(store: PhotoParts, gate: ReturnType<typeof concurrencyGate>): Gated {
  const out: Partial<Record<keyof Gated, unknown>> = {};
  for (const name of GATED) {
    const method = store[name] as (...args: unknown[]) => Promise<unknown>;
    out[name] = (...args: unknown[]) => gate(() => method.apply(store, args));
  }
  return out as Gated;
}
