/**
 * What "Entri saya" needs, read in two steps so the list appears at once on a device with
 * thousands of entries:
 * - `loadEntryListHead`: the newest page of this person's entries through the
 *   [author+updatedAt] index (schema v2), with the outbox state of just those entries;
 * - `loadEntryListData`: every entry as a small EntryRow from the `entryRows` cache
 *   (db/row-cache.ts), so the full list reads 8 properties per entry instead of a merge document
 *   (fields, stamps and bases); `saveEntryRows` stores what a load found missing or changed.
 * Reading outbox ids from its `id` index (keys only) keeps both cheap.
 */
import { Dexie } from 'dexie';
import { conflictedEntries } from '../replica/conflict-index.ts';
import type { LumbungDb } from './db.ts';
import { needsAttention } from '../replica/outbox-state.ts';
import { readRows, saveRows, type RowCache, type RowCacheUpdate } from './row-cache.ts';
import type { DraftRow, EntryRow, StoredRecord } from './types.ts';
import { textOf } from '../state/search-text.ts';

export { textOf };

export interface EntryListData {
  entries: EntryRow[];
  /** Record ids with outbox rows (any state). */
  pendingIds: Set<string>;
  /** Record ids with a rejected outbox row. */
  rejectedIds: Set<string>;
  /** Attachment id → entry id, so a waiting photo counts for its entry. */
  attachmentEntry: Map<string, string>;
  drafts: DraftRow[];
  /** Entry id → its unresolved conflicts (values that lost to a concurrent edit). */
  conflicted?: Map<string, number>;
  /** Entry id → the status of its latest review, when a facilitator gave one. */
  reviewed?: Map<string, string>;
}

/** The latest given review status per entry ('baru' is no review yet). Reviews are one per
 * facilitator and entry, so the table is small next to the entries. */
async function reviewStatuses(d: LumbungDb): Promise<Map<string, string>> {
  const latest = new Map<string, { at: number; status: string }>();
  await d.reviews.each((r) => {
    const f = r.fields;
    if (f.deleted === true || typeof f.entryId !== 'string' || typeof f.status !== 'string') return;
    if (f.status === 'baru') return;
    const seen = latest.get(f.entryId);
    if (!seen || r.updatedAt > seen.at) latest.set(f.entryId, { at: r.updatedAt, status: f.status });
  });
  return new Map([...latest].map(([id, v]) => [id, v.status]));
}

/** Whose entries the list shows: author ids, or null for every entry on the device. */
export type ListAuthors = string | readonly string[] | null;

function authorList(me: string | readonly string[]): string[] {
  return typeof me === 'string' ? [me] : [...me];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function entryRow(rec: StoredRecord): EntryRow {
  const f = rec.fields;
  return {
    id: rec.id,
    authorId: str(f.authorId),
    deleted: f.deleted === true,
    nama: str(f.nama),
    opd: str(f.opd),
    tahapan: str(f.tahapan),
    updatedAt: rec.updatedAt,
    search: textOf(f),
  };
}

function sameRow(a: EntryRow, b: EntryRow): boolean {
  return (
    a.updatedAt === b.updatedAt &&
    a.search === b.search &&
    a.nama === b.nama &&
    a.opd === b.opd &&
    a.tahapan === b.tahapan &&
    a.authorId === b.authorId &&
    a.deleted === b.deleted
  );
}

/** The cache behind the full list: one EntryRow per entry. */
export const ENTRY_ROWS: RowCache<EntryRow> = {
  table: (d) => d.entryRows,
  upToKey: 'entryRowsUpTo',
  rowOf: entryRow,
  same: sameRow,
};

async function outboxState(d: LumbungDb) {
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
    pendingIds: pendingSet,
    rejectedIds: new Set(rejected.filter(needsAttention).map((r) => r.id)),
    attachmentEntry,
  };
}

/**
 * Every entry of these authors (deleted ones included: the index skips them), with the outbox
 * state and all drafts, and what the row cache lacks. `me` is deviceId(d) (or, once joined, also
 * the person id: db/workshop.ts myAuthorIds), read once by the caller (a live query must not
 * write, and deviceId may).
 */
export async function loadEntryListData(
  d: LumbungDb,
  me: ListAuthors,
  now: () => number = Date.now,
): Promise<EntryListData & { update: RowCacheUpdate<EntryRow> }> {
  const authors = me === null ? null : new Set(authorList(me));
  const tables = [
    d.entries,
    d.entryRows,
    d.meta,
    d.outbox,
    d.attachments,
    d.drafts,
    d.conflicts,
    d.history,
    d.reviews,
  ];
  return d.transaction('r', tables, async () => {
    const { rows, update } = await readRows(d, ENTRY_ROWS, now);
    return {
      entries: authors === null ? rows : rows.filter((r) => authors.has(r.authorId)),
      ...(await outboxState(d)),
      drafts: await d.drafts.toArray(),
      conflicted: await conflictedEntries(d),
      reviewed: await reviewStatuses(d),
      update,
    };
  });
}

/** Store what loadEntryListData found missing or changed. */
export function saveEntryRows(d: LumbungDb, u: RowCacheUpdate<EntryRow>): Promise<void> {
  return saveRows(d, ENTRY_ROWS, u);
}

/**
 * The newest `limit` entries of these authors (deleted ones included: the index skips them),
 * all drafts, and the outbox state of only those entries and their photos.
 */
export async function loadEntryListHead(
  d: LumbungDb,
  me: ListAuthors,
  limit: number,
): Promise<EntryListData> {
  const tables = [d.entries, d.outbox, d.attachments, d.drafts, d.conflicts, d.history, d.reviews];
  return d.transaction('r', tables, async () => {
    const perAuthor = await Promise.all(
      (me === null ? [] : authorList(me)).map((a) =>
        d.entries
          .where('[fields.authorId+updatedAt]')
          .between([a, Dexie.minKey], [a, Dexie.maxKey])
          .reverse()
          .limit(limit)
          .toArray(),
      ),
    );
    if (me === null) perAuthor.push(await d.entries.orderBy('updatedAt').reverse().limit(limit).toArray());
    const records = perAuthor
      .flat()
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit);
    // One request per id, all in flight at once: anyOf() would walk a cursor key by key.
    const ids = records.map((e) => e.id);
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
      entries: records.map(entryRow),
      pendingIds: new Set(waiting.map((r) => r.id)),
      rejectedIds: new Set(waiting.filter(needsAttention).map((r) => r.id)),
      attachmentEntry,
      drafts: await d.drafts.toArray(),
      conflicted: await conflictedEntries(d),
      reviewed: await reviewStatuses(d),
    };
  });
}
