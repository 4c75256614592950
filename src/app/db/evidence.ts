/**
 * Indicator claims and evidence files on the device (core/indicator-fields.ts says where they
 * live and why). A level or a note is written into the entry itself through writeRecord; an
 * evidence file is checked (type, size) and hashed before any transaction, its bytes put in
 * `blobs` by sha256 (uploaded: 0, so the sync engine sends them like a photo's), then its
 * attachment record is written. All local IndexedDB work: it works offline.
 */
import { uuidv7 } from '../../core/ids.ts';
import { MAX_EVIDENCE_BYTES, iidUploadStatus, levelField, noteField } from '../../core/indicator-fields.ts';
import type { FieldValue } from '../../core/record.ts';
import { sha256Hex } from '../photos/hash.ts';
import type { LumbungDb } from './db.ts';
import { storageErrorCode } from './errors.ts';
import { addPhoto, PhotoError } from './photos.ts';
import { writeRecord } from '../replica/local-write.ts';
import type { BlobRow, StoredRecord } from './types.ts';

export type EvidenceErrorCode =
  | 'evidence.wrong_type'
  | 'evidence.too_large'
  | 'photo.unreadable'
  | 'photo.too_large'
  | 'storage.full'
  | 'storage.failed';

export class EvidenceError extends Error {
  constructor(readonly code: EvidenceErrorCode) {
    super(code);
    this.name = 'EvidenceError';
  }
}

/** Set an indicator's level (1–3, or null to clear it) on the entry. */
export async function setIndicatorLevel(
  d: LumbungDb,
  entryId: string,
  key: string,
  level: 1 | 2 | 3 | null,
): Promise<void> {
  await writeRecord(d, 'entries', entryId, { [levelField(key)]: level });
}

/** Set an indicator's note on the entry (the caller validates its length first). */
export async function setIndicatorNote(
  d: LumbungDb,
  entryId: string,
  key: string,
  note: string,
): Promise<void> {
  await writeRecord(d, 'entries', entryId, { [noteField(key)]: note });
}

const isPdfName = (f: File | Blob) => 'name' in f && /\.pdf$/i.test(f.name);
const isImage = (f: File | Blob) =>
  f.type ? /^image\/(jpeg|png)$/.test(f.type) : 'name' in f && /\.(jpe?g|png)$/i.test(f.name);

async function startsLikePdf(f: Blob): Promise<boolean> {
  const head = new Uint8Array(await f.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}

/** Check and store the bytes of one evidence file: a PDF as it is (at most MAX_EVIDENCE_BYTES,
 * and it must start like one), a JPEG or PNG resized like a photo. */
async function storeEvidenceBytes(d: LumbungDb, file: File | Blob, now: number): Promise<BlobRow> {
  if (file.type === 'application/pdf' || (!file.type && isPdfName(file))) {
    if (file.size > MAX_EVIDENCE_BYTES) throw new EvidenceError('evidence.too_large');
    if (file.size === 0 || !(await startsLikePdf(file))) throw new EvidenceError('evidence.wrong_type');
    const blob = new Blob([await file.arrayBuffer()], { type: 'application/pdf' });
    const sha256 = await sha256Hex(blob);
    const row: BlobRow = {
      sha256,
      blob,
      mime: 'application/pdf',
      size: blob.size,
      width: 0,
      height: 0,
      createdAt: now,
      uploaded: 0,
    };
    try {
      const existing = await d.blobs.get(sha256);
      if (existing) return existing;
      await d.blobs.add(row);
    } catch (e) {
      throw new EvidenceError(storageErrorCode(e));
    }
    return row;
  }
  if (!isImage(file)) throw new EvidenceError('evidence.wrong_type');
  // A picture (a phone photo of a letter is often 3–8 MB) is resized like a photo, to a few
  // hundred KB: its limit is the photo's input limit (photo.too_large), not MAX_EVIDENCE_BYTES.
  try {
    return await addPhoto(d, file, now);
  } catch (e) {
    if (e instanceof PhotoError)
      throw new EvidenceError(e.code === 'photo.not_image' ? 'evidence.wrong_type' : e.code);
    throw e;
  }
}

/** Attach one evidence file to `evidenceFor` (an indicator key or `upload:<name>`). Throws EvidenceError. */
export async function addEvidence(
  d: LumbungDb,
  input: { entryId: string; evidenceFor: string; file: File | Blob; authorId: string; now?: number },
): Promise<string> {
  const now = input.now ?? Date.now();
  const b = await storeEvidenceBytes(d, input.file, now);
  const id = uuidv7(now);
  const fields: Record<string, FieldValue> = {
    entryId: input.entryId,
    evidenceFor: input.evidenceFor,
    sha256: b.sha256,
    mime: b.mime,
    size: b.size,
    caption: 'name' in input.file ? input.file.name.slice(0, 300) : '',
    authorId: input.authorId,
    createdAt: now,
    deleted: false,
  };
  if (b.width > 0 && b.height > 0) Object.assign(fields, { width: b.width, height: b.height });
  try {
    await writeRecord(d, 'attachments', id, fields);
  } catch (e) {
    throw new EvidenceError(storageErrorCode(e));
  }
  return id;
}

/** The entry's live evidence attachments, oldest first (a querier for live()). */
export async function liveEvidence(d: LumbungDb, entryId: string): Promise<StoredRecord[]> {
  const rows = await d.attachments.where('fields.entryId').equals(entryId).toArray();
  return rows
    .filter((r) => isEvidenceAttachment(r) && r.fields.deleted !== true)
    .sort(
      (a, b) => Number(a.fields.createdAt ?? 0) - Number(b.fields.createdAt ?? 0) || (a.id < b.id ? -1 : 1),
    );
}

/** Is this attachment an indicator's evidence file rather than a photo of the entry? */
export function isEvidenceAttachment(r: StoredRecord): boolean {
  return typeof r.fields.evidenceFor === 'string';
}

/**
 * Ids of the entries that are "siap diunggah ke IID" (core iidUploadStatus), for the admin's
 * list filter and dashboard count. Reads only evidence attachments (the `fields.evidenceFor`
 * index holds no photo) and then only the entries that have evidence at all.
 */
export async function iidReadyEntryIds(d: LumbungDb): Promise<Set<string>> {
  return d.transaction('r', [d.attachments, d.entries], async () => {
    const byEntry = new Map<string, { evidenceFor: string }[]>();
    await d.attachments
      .where('fields.evidenceFor')
      .above('')
      .each((a) => {
        if (a.fields.deleted === true || typeof a.fields.entryId !== 'string') return;
        const list = byEntry.get(a.fields.entryId) ?? [];
        list.push({ evidenceFor: String(a.fields.evidenceFor) });
        byEntry.set(a.fields.entryId, list);
      });
    const ids = [...byEntry.keys()];
    const entries = await d.entries.bulkGet(ids);
    const ready = new Set<string>();
    entries.forEach((e, i) => {
      if (!e || e.fields.deleted === true || e.fields.mergedInto) return;
      if (iidUploadStatus(e.fields, byEntry.get(ids[i]!) ?? []).ready) ready.add(e.id);
    });
    return ready;
  });
}
