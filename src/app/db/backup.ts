/**
 * "Unduh cadangan": everything on this device as one JSON file, the participant's own backup
 * (a later import can merge it back, since records carry their stamps). Photos are embedded as
 * data URLs. The device token is left out: a backup file is shared more casually than a phone.
 * Blob contents are read after the IndexedDB reads, outside any transaction.
 */
import { z } from '../../core/zod.ts';
import { SYNCED_TABLES, type SyncedTable } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import type { BlobRow, DraftRow, HistoryRow, MetaRow, OutboxRow, StoredRecord } from './types.ts';

export const BACKUP_FORMAT = 'lumbung-cadangan';
export const BACKUP_VERSION = 1;
const SECRET_META = /token|secret/i;

const StoredRecordSchema = z.object({
  table: z.enum(SYNCED_TABLES),
  id: z.string(),
  fields: z.record(z.string(), z.json()),
  stamps: z.record(z.string(), z.string()),
  bases: z.record(z.string(), z.string().nullable()),
  updatedAt: z.number(),
});

/** The shape of a backup file: also what an import must validate before touching the database. */
export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.string(),
  deviceId: z.string().nullable(),
  records: z.object({
    workshops: z.array(StoredRecordSchema),
    entries: z.array(StoredRecordSchema),
    attachments: z.array(StoredRecordSchema),
    reviews: z.array(StoredRecordSchema),
    comments: z.array(StoredRecordSchema),
    conflicts: z.array(StoredRecordSchema),
  }),
  drafts: z.array(
    z
      .object({ id: z.string(), entryId: z.string().nullable(), values: z.record(z.string(), z.json()) })
      .loose(),
  ),
  outbox: z.array(
    z.object({ changeId: z.string(), table: z.string(), id: z.string(), state: z.string() }).loose(),
  ),
  history: z.array(z.object({ id: z.string() }).loose()),
  meta: z.array(z.object({ key: z.string(), value: z.json() })),
  photos: z.array(
    z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      mime: z.string(),
      size: z.number(),
      width: z.number(),
      height: z.number(),
      createdAt: z.number(),
      uploaded: z.union([z.literal(0), z.literal(1)]),
      dataUrl: z.string().startsWith('data:'),
    }),
  ),
});

/** What buildBackup produces (BackupSchema is what a reader accepts). */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  deviceId: string | null;
  records: Record<SyncedTable, StoredRecord[]>;
  drafts: DraftRow[];
  outbox: OutboxRow[];
  history: HistoryRow[];
  meta: MetaRow[];
  photos: (Omit<BlobRow, 'blob'> & { dataUrl: string })[];
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

export async function blobToDataUrl(blob: Blob, mime: string): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return `data:${mime};base64,${bytesToBase64(bytes)}`;
}

export async function buildBackup(d: LumbungDb, now: Date = new Date()): Promise<Backup> {
  const { records, drafts, outbox, history, meta, blobs } = await d.transaction('r', d.tables, async () => {
    const records = {} as Backup['records'];
    for (const t of SYNCED_TABLES) records[t] = (await d.table(t).toArray()) as StoredRecord[];
    return {
      records,
      drafts: await d.drafts.toArray(),
      outbox: await d.outbox.toArray(),
      history: await d.history.toArray(),
      meta: (await d.meta.toArray()).filter((m) => !SECRET_META.test(m.key)),
      blobs: await d.blobs.toArray(),
    };
  });
  const photos: Backup['photos'] = [];
  for (const { blob, ...rest } of blobs)
    photos.push({ ...rest, dataUrl: await blobToDataUrl(blob, rest.mime) });
  const dev = meta.find((m) => m.key === 'deviceId')?.value;
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    deviceId: typeof dev === 'string' ? dev : null,
    records,
    drafts,
    outbox,
    history,
    meta,
    photos,
  };
}

/** lumbung-cadangan-YYYYMMDD.json, the date in Asia/Jakarta (what the participant's calendar says). */
export function backupFileName(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${BACKUP_FORMAT}-${get('year')}${get('month')}${get('day')}.json`;
}

/** Build the backup and hand it to the browser as a download. */
export async function downloadBackup(d: LumbungDb): Promise<string> {
  const backup = await buildBackup(d);
  const name = backupFileName();
  const url = URL.createObjectURL(new Blob([JSON.stringify(backup)], { type: 'application/json' }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Revoke after the click has been handled, or some browsers cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return name;
}
