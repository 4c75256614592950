/**
 * Building a `.lumbung` file from records and photos already read out of IndexedDB. Photos are
 * re-hashed on the way out, so a damaged local copy is left out (and counted) rather than
 * producing a file every importer would refuse. Works offline: nothing here touches the network.
 */
import { zipSync, type Zippable } from 'fflate';
import { PHOTO_MIME, type RecordDoc } from '../../core/index.ts';
import {
  HANDOVER_FORMAT,
  HANDOVER_VERSION,
  HandoverError,
  LIMITS,
  MANIFEST_PATH,
  blobPath,
  canonicalJson,
  recordsChecksum,
  sha256Hex,
  type HandoverBlob,
  type Manifest,
} from './format.ts';

export interface ExportPhoto {
  sha256: string;
  mime: string;
  blob: Blob;
}

export interface BuildInput {
  records: RecordDoc[];
  photos: ExportPhoto[];
  deviceId: string;
  now: number;
}

export interface BuiltHandover {
  bytes: Uint8Array;
  entries: number;
  blobs: number;
  /** Photos left out because their stored bytes no longer match their hash or type. */
  skippedPhotos: string[];
}

const isPhotoMime = (m: string): m is HandoverBlob['mime'] => (PHOTO_MIME as readonly string[]).includes(m);

/** Read and check each photo's bytes (outside any transaction: Blob reads and crypto). */
export async function readPhotos(
  photos: readonly ExportPhoto[],
): Promise<{ blobs: HandoverBlob[]; skipped: string[] }> {
  const blobs: HandoverBlob[] = [];
  const skipped: string[] = [];
  for (const p of photos) {
    const bytes = new Uint8Array(await p.blob.arrayBuffer());
    if (
      !isPhotoMime(p.mime) ||
      bytes.length === 0 ||
      bytes.length > LIMITS.blobBytes ||
      (await sha256Hex(bytes)) !== p.sha256
    ) {
      skipped.push(p.sha256);
      continue;
    }
    blobs.push({ sha256: p.sha256, mime: p.mime, bytes });
  }
  return { blobs, skipped };
}

/** The zip bytes of a hand-over file. Throws HandoverError when it would exceed the limits. */
export async function buildHandover(input: BuildInput): Promise<BuiltHandover> {
  const entries = input.records.filter((r) => r.table === 'entries').length;
  if (entries === 0) throw new HandoverError('handover.nothing_to_export');
  const { blobs, skipped } = await readPhotos(input.photos);
  const manifest: Manifest = {
    format: HANDOVER_FORMAT,
    version: HANDOVER_VERSION,
    createdAt: new Date(input.now).toISOString(),
    deviceId: input.deviceId,
    records: input.records,
    blobs: blobs.map((b) => ({
      sha256: b.sha256,
      mime: b.mime,
      size: b.bytes.length,
      path: blobPath(b.sha256, b.mime),
    })),
    checksums: { 'manifest-records': await recordsChecksum(input.records) },
  };
  const manifestBytes = new TextEncoder().encode(canonicalJson(manifest));
  const total = blobs.reduce((n, b) => n + b.bytes.length, manifestBytes.length);
  if (
    manifestBytes.length > LIMITS.manifestBytes ||
    total > LIMITS.totalBytes ||
    blobs.length + 1 > LIMITS.files
  ) {
    throw new HandoverError('handover.too_large', `export of ${total} bytes`);
  }
  const mtime = new Date(input.now);
  const files: Zippable = { [MANIFEST_PATH]: [manifestBytes, { level: 6, mtime }] };
  // Photos are JPEG/WebP/PNG, already compressed: stored as they are.
  for (const b of blobs) files[blobPath(b.sha256, b.mime)] = [b.bytes, { level: 0, mtime }];
  return { bytes: zipSync(files), entries, blobs: blobs.length, skippedPhotos: skipped };
}

/** e.g. `lumbung-27-11-2026-3-entri.lumbung` (dates as Indonesians write them, WIB). */
export function handoverFileName(now: number, entries: number): string {
  const d = new Date(now + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `lumbung-${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}-${entries}-entri.lumbung`;
}
