/**
 * What "Entri saya" needs, read in one go: this device's entries, which of them (or their photos)
 * still wait in the outbox or were rejected, and which have an unsaved draft. Reading ids from
 * the outbox's `id` index (keys only) keeps this cheap with 10,000 entries.
 */
import type { LumbungDb } from './db.ts';
import type { DraftRow, StoredRecord } from './types.ts';

export interface EntryListData {
  entries: StoredRecord[];
  /** Record ids with outbox rows (any state). */
  pendingIds: Set<string>;
  /** Record ids with a rejected outbox row. */
  rejectedIds: Set<string>;
  /** Attachment id → entry id, so a waiting photo counts for its entry. */
  attachmentEntry: Map<string, string>;
  drafts: DraftRow[];
}

/** `me` is deviceId(d) (or, once joined, also the person id: db/workshop.ts myAuthorIds), read
 * once by the caller (a live query must not write, and deviceId may). */
export async function loadEntryListData(
  d: LumbungDb,
  me: string | readonly string[],
): Promise<EntryListData> {
  return d.transaction('r', [d.entries, d.outbox, d.attachments, d.drafts], async () => {
    const entries = await d.entries
      .where('fields.authorId')
      .anyOf(typeof me === 'string' ? [me] : [...me])
      .toArray();
    const pending = (await d.outbox.orderBy('id').uniqueKeys()) as string[];
    const rejected = await d.outbox.where('state').equals('rejected').toArray();
    const attachmentEntry = new Map<string, string>();
    const pendingSet = new Set(pending);
    if (pending.length) {
      // Photos are far fewer than outbox ids: scan them rather than look up every id.
      await d.attachments.each((a) => {
        if (pendingSet.has(a.id) && typeof a.fields.entryId === 'string')
          attachmentEntry.set(a.id, a.fields.entryId);
      });
    }
    return {
      entries,
      pendingIds: pendingSet,
      rejectedIds: new Set(rejected.map((r) => r.id)),
      attachmentEntry,
      drafts: await d.drafts.toArray(),
    };
  });
}
