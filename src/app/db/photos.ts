/**
 * Photos on the device. A picked file is checked, resized and hashed first (no transaction is
 * open while Blobs are read or crypto runs: that would commit it early), then its bytes are put
 * in `blobs` keyed by SHA-256 (uploaded: 0, for the sync engine). The attachment record that
 * links it to an entry is written when the entry is saved (entries.ts). Local only: works offline.
 */
import { liveQuery } from 'dexie';
import { PHOTO_MIME } from '../../core/tables.ts';
import { sha256Hex } from '../photos/hash.ts';
import { imageResizer, MAX_INPUT_BYTES, MAX_SIDE } from '../photos/resize.ts';
import type { LumbungDb } from './db.ts';
import { storageErrorCode } from './errors.ts';
import type { BlobRow } from './types.ts';

export type PhotoErrorCode =
  'photo.not_image' | 'photo.unreadable' | 'photo.too_large' | 'storage.full' | 'storage.failed';

export class PhotoError extends Error {
  constructor(readonly code: PhotoErrorCode) {
    super(code);
    this.name = 'PhotoError';
  }
}

const IMAGE_EXT = /\.(jpe?g|png|webp|gif|heic|heif|avif|bmp)$/i;

function looksLikeImage(file: File | Blob): boolean {
  if (file.type) return file.type.startsWith('image/');
  // Some Android pickers give no type: trust the name, and let decoding decide.
  return 'name' in file && IMAGE_EXT.test(file.name);
}

/** Check, resize, hash and store one picked photo; returns its blob row. Throws PhotoError. */
export async function addPhoto(d: LumbungDb, file: File | Blob, now: number = Date.now()): Promise<BlobRow> {
  if (!looksLikeImage(file)) throw new PhotoError('photo.not_image');
  if (file.size > MAX_INPUT_BYTES) throw new PhotoError('photo.too_large');
  let resized;
  try {
    resized = await imageResizer()(file, MAX_SIDE);
  } catch {
    throw new PhotoError('photo.unreadable');
  }
  const mime = (PHOTO_MIME as readonly string[]).includes(resized.blob.type)
    ? resized.blob.type
    : 'image/jpeg';
  const sha256 = await sha256Hex(resized.blob);
  const row: BlobRow = {
    sha256,
    blob: resized.blob,
    mime,
    size: resized.blob.size,
    width: resized.width,
    height: resized.height,
    createdAt: now,
    uploaded: 0,
  };
  try {
    // Content-addressed: the same photo picked twice is stored once, and keeps its upload state.
    const existing = await d.blobs.get(sha256);
    if (existing) return existing;
    await d.blobs.add(row);
  } catch (e) {
    throw new PhotoError(storageErrorCode(e));
  }
  return row;
}

export async function getBlob(d: LumbungDb, sha256: string): Promise<BlobRow | undefined> {
  return d.blobs.get(sha256);
}

/**
 * Calls `onRow` with the blob row of `sha256` now and whenever it changes: a photo of a pulled
 * entry shows as soon as the sync engine has downloaded its bytes. Returns the unsubscribe.
 */
export function watchBlob(
  d: LumbungDb,
  sha256: string,
  onRow: (row: BlobRow | undefined) => void,
): () => void {
  const sub = liveQuery(() => d.blobs.get(sha256)).subscribe({
    next: onRow,
    error: () => onRow(undefined),
  });
  return () => sub.unsubscribe();
}
