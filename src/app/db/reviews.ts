/**
 * What a facilitator reads and writes, all on the device's own copy so it works offline:
 * the room's entries with their reviews and what still waits in the outbox, one entry with its
 * photos, reviews and comments, and the writes (a review, a comment, a duplicate mark). Writes go
 * through writeRecord (record + outbox in one transaction); sync carries them later.
 * A review's id is `${entryId}:${reviewerId}`: one record per facilitator per entry, so two
 * facilitators reviewing the same entry never touch the same fields.
 */
import { uuidv7 } from '../../core/ids.ts';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { conflictedEntries } from '../replica/conflict-index.ts';
import { liveAttachments } from './entries.ts';
import { writeRecord } from '../replica/local-write.ts';
import type { StoredRecord } from './types.ts';

export function reviewId(entryId: string, reviewerId: string): string {
  return `${entryId}:${reviewerId}`;
}

export interface RoomData {
  entries: StoredRecord[];
  reviews: StoredRecord[];
  /** Record ids with outbox rows (pending or rejected): not yet at the office. */
  pendingIds: Set<string>;
  /** Attachment id → entry id, so a waiting photo counts for its entry. */
  attachmentEntry: Map<string, string>;
  /** Entry id → its unresolved conflicts (also those this facilitator's own edit won). */
  conflicted?: Map<string, number>;
}

/** The workshop's entries (all entries when `workshopId` is null) and what the room views need. */
export async function loadRoomData(d: LumbungDb, workshopId: string | null): Promise<RoomData> {
  const tables = [d.entries, d.reviews, d.outbox, d.attachments, d.conflicts, d.history];
  return d.transaction('r', tables, async () => {
    // No index on workshopId (db.ts, v3): a device holds its own workshop's entries, so one
    // getAll and a filter read what an index would have, with one index fewer to write per entry.
    const all = await d.entries.toArray();
    const entries = workshopId ? all.filter((e) => e.fields.workshopId === workshopId) : all;
    const reviews = await d.reviews.toArray();
    const pendingIds = new Set((await d.outbox.orderBy('id').uniqueKeys()) as string[]);
    const attachmentEntry = new Map<string, string>();
    if (pendingIds.size) {
      await d.attachments.each((a) => {
        if (pendingIds.has(a.id) && typeof a.fields.entryId === 'string')
          attachmentEntry.set(a.id, a.fields.entryId);
      });
    }
    return { entries, reviews, pendingIds, attachmentEntry, conflicted: await conflictedEntries(d) };
  });
}

export interface PhotoRef {
  id: string;
  sha256: string;
  /** The bytes are on this device (a pulled photo may not be fetched yet). */
  here: boolean;
}

export interface EntryDetail {
  entry: StoredRecord | undefined;
  photos: PhotoRef[];
  reviews: StoredRecord[];
  comments: StoredRecord[];
}

export async function loadEntryDetail(d: LumbungDb, entryId: string): Promise<EntryDetail> {
  const entry = await d.entries.get(entryId);
  const atts = await liveAttachments(d, entryId);
  const shas = atts.map((a) => String(a.fields.sha256 ?? ''));
  const blobs = await d.blobs.bulkGet(shas);
  const reviews = await d.reviews.where('fields.entryId').equals(entryId).toArray();
  const comments = (await d.comments.where('fields.entryId').equals(entryId).toArray())
    .filter((c) => c.fields.deleted !== true)
    .sort((a, b) => Number(a.fields.createdAt ?? 0) - Number(b.fields.createdAt ?? 0));
  return {
    entry,
    photos: atts.map((a, i) => ({ id: a.id, sha256: shas[i]!, here: blobs[i] !== undefined })),
    reviews,
    comments,
  };
}

/** What a participant sees on their entry: the reviews given (not deleted), comments oldest first. */
export async function loadEntryFeedback(
  d: LumbungDb,
  entryId: string,
): Promise<{ reviews: StoredRecord[]; comments: StoredRecord[] }> {
  const [reviews, comments] = await Promise.all([
    d.reviews.where('fields.entryId').equals(entryId).toArray(),
    d.comments.where('fields.entryId').equals(entryId).toArray(),
  ]);
  return {
    reviews: reviews
      .filter((r) => r.fields.deleted !== true && r.fields.status !== 'baru')
      .sort((a, b) => b.updatedAt - a.updatedAt),
    comments: comments
      .filter((c) => c.fields.deleted !== true)
      .sort((a, b) => Number(a.fields.createdAt ?? 0) - Number(b.fields.createdAt ?? 0)),
  };
}

/** Write this facilitator's review of an entry (fields already validated by the caller). */
export async function saveReview(
  d: LumbungDb,
  entryId: string,
  reviewerId: string,
  fields: Record<string, FieldValue>,
  now: number = Date.now(),
): Promise<StoredRecord> {
  const id = reviewId(entryId, reviewerId);
  const current = await d.reviews.get(id);
  const patch: Record<string, FieldValue> = { ...fields, entryId, reviewerId };
  if (!current) Object.assign(patch, { createdAt: now, deleted: false });
  return writeRecord(d, 'reviews', id, patch);
}

export interface CommentInput {
  entryId: string;
  workshopId: string | null;
  text: string;
  authorId: string;
  authorName: string;
}

/** A comment is a record of its own: two people commenting at once never conflict. */
export async function addComment(
  d: LumbungDb,
  input: CommentInput,
  now: number = Date.now(),
): Promise<string> {
  const id = uuidv7(now);
  await writeRecord(d, 'comments', id, { ...input, createdAt: now, deleted: false });
  return id;
}

/** Mark `entryId` as a duplicate merged into `target`, or restore it (`target` null). The
 * merged-away entry stays, only marked, so it can always be restored. */
export async function setMergedInto(d: LumbungDb, entryId: string, target: string | null): Promise<void> {
  if (target === entryId) throw new Error('an entry cannot be merged into itself');
  await writeRecord(d, 'entries', entryId, { mergedInto: target });
}
