/**
 * What "Entri saya" needs, read in two steps so the list appears at once on a device with
 * thousands of entries:
 * - `loadEntryListHead`: the newest page of this person's entries through the
 *   [author+updatedAt] index (schema v2), with the outbox state of just those entries;
 * - `loadEntryListData`: every entry, read in batches by primary key so that no single
 *   IndexedDB answer (whose values are deserialised in one task) blocks typing for long.
 * Reading outbox ids from its `id` index (keys only) keeps both cheap.
 */
import { Dexie } from 'dexie';
import { eachBatch } from './batches.ts';
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

/** Records per request of the full read: each batch's values arrive (and are deserialised) as
 * their own task, about 10–20 ms on a phone, instead of one long task for 10,000. */
const BATCH = 250;

function authorList(me: string | readonly string[]): string[] {
  return typeof me === 'string' ? [me] : [...me];
}

/** `me` is deviceId(d) (or, once joined, also the person id: db/workshop.ts myAuthorIds), read
 * once by the caller (a live query must not write, and deviceId may). */
export async function loadEntryListData(
  d: LumbungDb,
  me: string | readonly string[],
): Promise<EntryListData> {
  const authors = new Set(authorList(me));
  return d.transaction('r', [d.entries, d.outbox, d.attachments, d.drafts], async () => {
    const entries: StoredRecord[] = [];
    await eachBatch(d.entries, BATCH, (batch) => {
      for (const e of batch) if (authors.has(e.fields.authorId as string)) entries.push(e);
    });
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

/**
 * The newest `limit` entries of these authors (deleted ones included: the index skips them),
 * all drafts, and the outbox state of only those entries and their photos.
 */
export async function loadEntryListHead(
  d: LumbungDb,
  me: string | readonly string[],
  limit: number,
): Promise<EntryListData> {
  return d.transaction('r', [d.entries, d.outbox, d.attachments, d.drafts], async () => {
    const perAuthor = await Promise.all(
      authorList(me).map((a) =>
        d.entries
          .where('[fields.authorId+updatedAt]')
          .between([a, Dexie.minKey], [a, Dexie.maxKey])
          .reverse()
          .limit(limit)
          .toArray(),
      ),
    );
    const entries = perAuthor
      .flat()
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit);
    // One request per id, all in flight at once: anyOf() would walk a cursor key by key.
    const ids = entries.map((e) => e.id);
    const photoIds = await Promise.all(
      ids.map((id) => d.attachments.where('fields.entryId').equals(id).primaryKeys()),
    );
    const attachmentEntry = new Map<string, string>();
    photoIds.forEach((keys, i) => {
      for (const k of keys) attachmentEntry.set(k, ids[i]!);
    });
    const waiting = (
      await Promise.all(
        [...ids, ...attachmentEntry.keys()].map((id) => d.outbox.where('id').equals(id).toArray()),
      )
    ).flat();
    return {
      entries,
      pendingIds: new Set(waiting.map((r) => r.id)),
      rejectedIds: new Set(waiting.filter((r) => r.state === 'rejected').map((r) => r.id)),
      attachmentEntry,
      drafts: await d.drafts.toArray(),
    };
  });
}
