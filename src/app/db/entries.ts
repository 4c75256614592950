/**
 * Entry writes of the participant app. Each function owns its transaction: the entry record, its
 * photos' attachment records, their outbox changes and the removal of the draft commit together,
 * so a crash leaves either the saved entry or the draft, never neither. All of it is local
 * IndexedDB work, so saving works offline; sync sends the outbox later.
 */
import { uuidv7 } from '../../core/ids.ts';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { deviceId } from '../replica/device.ts';
import { writeRecord } from '../replica/local-write.ts';
import type { StoredRecord } from './types.ts';

export async function getEntry(d: LumbungDb, id: string): Promise<StoredRecord | undefined> {
  return d.entries.get(id);
}

export interface SaveEntryInput {
  /** null for a new entry. */
  entryId: string | null;
  /** The draft to remove once saved (in the same transaction). */
  draftId: string | null;
  /** Form fields, validated with EntryValues by the caller. */
  values: Record<string, FieldValue>;
  /** sha256 of photos picked in the form, whose blobs are already stored. */
  photos: string[];
  now?: number;
  /** Who a NEW entry belongs to (a joined person, a kiosk person); default: this device. */
  author?: EntryAuthor | null;
}

/** The author fields of a new entry: the person, who typed it (kiosk mode), the workshop. */
export interface EntryAuthor {
  authorId: string;
  authorName: string;
  enteredBy: string | null;
  workshopId: string | null;
}

/** Save a new or edited entry with its new photos; returns the entry id. */
export async function saveEntry(d: LumbungDb, input: SaveEntryInput): Promise<string> {
  const now = input.now ?? Date.now();
  const author = input.author?.authorId ?? (await deviceId(d));
  // Blob rows are read before the transaction: only plain IndexedDB writes happen inside it.
  const blobs = (await d.blobs.bulkGet(input.photos)).filter((b) => b !== undefined);
  const id = input.entryId ?? uuidv7(now);
  const patch: Record<string, FieldValue> = { ...input.values };
  if (!input.entryId)
    Object.assign(patch, { authorId: author, createdAt: now, deleted: false, workshopId: null });
  if (!input.entryId && input.author) Object.assign(patch, input.author);
  await d.transaction('rw', [d.entries, d.attachments, d.outbox, d.meta, d.drafts], async () => {
    await writeRecord(d, 'entries', id, patch);
    for (const b of blobs) {
      await writeRecord(d, 'attachments', uuidv7(now), {
        entryId: id,
        sha256: b.sha256,
        mime: b.mime,
        width: b.width,
        height: b.height,
        size: b.size,
        caption: '',
        authorId: author,
        createdAt: now,
        deleted: false,
      });
    }
    if (input.draftId) await d.drafts.delete(input.draftId);
  });
  return id;
}

/** Tombstone (or restore, for "Urungkan") an entry: deletion is a field like any other. */
export async function setEntryDeleted(d: LumbungDb, id: string, deleted: boolean): Promise<void> {
  await writeRecord(d, 'entries', id, { deleted });
}

const SYSTEM = new Set([
  'authorId',
  'authorName',
  'enteredBy',
  'mergedInto',
  'createdAt',
  'deleted',
  'workshopId',
]);

/** A new entry with the same values (and the same photos), " (salinan)" appended to its name. */
export async function duplicateEntry(d: LumbungDb, id: string, suffix = ' (salinan)'): Promise<string> {
  const src = await d.entries.get(id);
  if (!src) throw new Error(`entry ${id} not found`);
  const now = Date.now();
  const author = await deviceId(d);
  const copy: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(src.fields)) if (!SYSTEM.has(k)) copy[k] = v;
  copy.nama = `${String(src.fields.nama ?? '')}${suffix}`.slice(0, 150);
  Object.assign(copy, {
    authorId: author,
    createdAt: now,
    deleted: false,
    workshopId: src.fields.workshopId ?? null,
  });
  const photos = await liveAttachments(d, id);
  const newId = uuidv7(now);
  await d.transaction('rw', [d.entries, d.attachments, d.outbox, d.meta], async () => {
    await writeRecord(d, 'entries', newId, copy);
    for (const p of photos) {
      await writeRecord(d, 'attachments', uuidv7(now), {
        ...p.fields,
        entryId: newId,
        authorId: author,
        createdAt: now,
      });
    }
  });
  return newId;
}

/** The entry's photos that are not deleted, oldest first (an indicator's evidence file, which
 * names what it is for, is not a photo: db/evidence.ts). */
export async function liveAttachments(d: LumbungDb, entryId: string): Promise<StoredRecord[]> {
  const rows = await d.attachments.where('fields.entryId').equals(entryId).toArray();
  return rows
    .filter((r) => r.fields.deleted !== true && typeof r.fields.evidenceFor !== 'string')
    .sort(
      (a, b) => Number(a.fields.createdAt ?? 0) - Number(b.fields.createdAt ?? 0) || (a.id < b.id ? -1 : 1),
    );
}

export async function deleteAttachment(d: LumbungDb, id: string): Promise<void> {
  await writeRecord(d, 'attachments', id, { deleted: true });
}
