/**
 * The `.lumbung` hand-over file: a zip holding `manifest.json` (the full merge
 * documents of the chosen entries and their attachments, reviews and comments, stamps and bases
 * included) and `blobs/<sha256>.<ext>` (the photos). Carrying the merge documents, not plain
 * values, is what lets an import keep the original authors and stamps, so importing twice or
 * importing and then syncing never duplicates anything.
 *
 * This file holds the format itself: limits, the strict manifest schema, paths, checksums and the
 * error a refused file raises. Everything a file says is checked before anything is stored.
 */
import { z } from '../../core/zod.ts';
import { sha256Hex } from '../crypto/sha256.ts';
import {
  MAX_PHOTO_BYTES,
  PHOTO_MIME,
  RecordDocSchema,
  SHA256_RE,
  type FieldValue,
  type RecordDoc,
  type SyncedTable,
} from '../../core/index.ts';

export const HANDOVER_FORMAT = 'lumbung';
export const HANDOVER_VERSION = 1;
export const HANDOVER_MIME = 'application/zip';
export const MANIFEST_PATH = 'manifest.json';

/** Limits a file must respect before a single byte is inflated (and while inflating). */
export const LIMITS = {
  /** The file itself and the sum of everything it unpacks to. */
  totalBytes: 500 * 1024 * 1024,
  manifestBytes: 20 * 1024 * 1024,
  blobBytes: MAX_PHOTO_BYTES,
  files: 5000,
  records: 50_000,
} as const;

/** The tables a hand-over carries: an entry and what hangs off it. */
export const HANDOVER_TABLES = [
  'entries',
  'attachments',
  'reviews',
  'comments',
] as const satisfies readonly SyncedTable[];

export const HANDOVER_ERROR_CODES = [
  'handover.damaged',
  'handover.foreign',
  'handover.newer_version',
  'handover.invalid_manifest',
  'handover.checksum',
  'handover.blob_hash',
  'handover.unsafe_path',
  'handover.too_many_files',
  'handover.too_large',
  'handover.nothing_to_export',
  'handover.qr_incomplete',
  'handover.qr_hash',
  'handover.qr_too_large',
  'handover.other_workshop',
  'handover.camera_denied',
] as const;
export type HandoverErrorCode = (typeof HANDOVER_ERROR_CODES)[number];

/** A refused file or a failed export. `code` is a message code of core/messages.ts. */
export class HandoverError extends Error {
  constructor(
    readonly code: HandoverErrorCode,
    /** Where in the file, for the report and for tests (never shown alone to a person). */
    readonly detail = '',
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'HandoverError';
  }
}

const EXT_BY_MIME: Record<(typeof PHOTO_MIME)[number], string> = {
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/png': 'png',
};

export function blobPath(sha256: string, mime: (typeof PHOTO_MIME)[number]): string {
  return `blobs/${sha256}.${EXT_BY_MIME[mime]}`;
}

export const BLOB_PATH_RE = /^blobs\/([0-9a-f]{64})\.(jpg|webp|png)$/;

/** A zip entry name that could escape a folder when unpacked, or is read differently on Windows. */
export function isUnsafePath(name: string): boolean {
  return (
    name.includes('\\') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((seg) => seg === '..' || seg === '.') ||
    name.includes('\0')
  );
}

const hex64 = z.string().regex(SHA256_RE);

export const ManifestBlobSchema = z
  .object({
    sha256: hex64,
    mime: z.enum(PHOTO_MIME),
    size: z.number().int().min(1).max(LIMITS.blobBytes),
    path: z.string().regex(BLOB_PATH_RE),
  })
  .strict();

export const ManifestSchema = z
  .object({
    format: z.literal(HANDOVER_FORMAT),
    version: z.literal(HANDOVER_VERSION),
    createdAt: z.iso.datetime(),
    deviceId: z.string().min(1).max(80),
    records: z.array(RecordDocSchema).max(LIMITS.records),
    blobs: z.array(ManifestBlobSchema).max(LIMITS.files),
    checksums: z.object({ 'manifest-records': hex64 }).strict(),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;

/** JSON with object keys sorted at every level: the same records always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Web Crypto, or the pure-JS fallback on an insecure origin (crypto/sha256.ts). */
export { sha256Hex };

export async function recordsChecksum(records: readonly RecordDoc[]): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(records)));
}

/** A photo as carried in the file: bytes already read out of IndexedDB. */
export interface HandoverBlob {
  sha256: string;
  mime: (typeof PHOTO_MIME)[number];
  bytes: Uint8Array;
}

/** A file that passed every check: safe to plan and to apply. */
export interface ParsedHandover {
  createdAt: string;
  deviceId: string;
  records: RecordDoc[];
  blobs: HandoverBlob[];
}

export type { FieldValue };
