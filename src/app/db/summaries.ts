/**
 * What "Entri saya" needs, read in two steps so the list appears at once on a device with
 * thousands of entries:
 * - `loadEntryListHead`: the newest page of this person's entries through the
 *   [author+updatedAt] index (schema v2), with the outbox state of just those entries;
 * - `loadEntryListData`: every entry as a small EntryRow, from the `entryRows` cache plus the
 *   records written since it was last brought up to date (the `updatedAt` index), so the full
 *   list reads 8 properties per entry instead of a merge document (fields, stamps and bases).
 * The cache is only ever a copy: when it may be wrong (none yet, fewer rows than entries) it is
 * rebuilt from the records; `saveEntryRows` stores what a load found missing or changed.
 * Reading outbox ids from its `id` index (keys only) keeps both cheap.
 */
import { Dexie } from 'dexie';
import { eachBatch } from './batches.ts';
import type { LumbungDb } from './db.ts';
import type { DraftRow, EntryRow, StoredRecord } from './types.ts';

export interface EntryListData {
  entries: EntryRow[];
  /** Record ids with outbox rows (any state). */
  pendingIds: Set<string>;
  /** Record ids with a rejected outbox row. */
  rejectedIds: Set<string>;
  /** Attachment id → entry id, so a waiting photo counts for its entry. */
  attachmentEntry: Map<string, string>;
  drafts: DraftRow[];
}

/** What a full load found the cache lacking; `saveEntryRows` stores it (outside the live query,
 * which must not write). */
export interface EntryRowsUpdate {
  rows: EntryRow[];
  /** True when the cache was rebuilt from every record: replace it rather than add to it. */
  rebuilt: boolean;
  /** The newest updatedAt among all entries read: where the next load's catch-up starts. */
  upTo: number;
}

/** Records per request when reading every record (a rebuild): each batch's values arrive, and
 * are deserialised, as their own task, instead of one long task for 10,000. */
const RECORD_BATCH = 250;
const ROW_BATCH = 2000;
/** Where the catch-up read starts: a little before the newest cached write, so a write in the
 * same millisecond or a clock nudged back by NTP is still read. (A clock set back further is
 * caught below: while the clock is behind the newest write, every load rebuilds.) The window
 * stays small because everything in it is read again on every load: after a pull of 10,000
 * entries, all of them were written within the same few minutes. */
const RECHECK_MS = 2000;
const UP_TO_KEY = 'entryRowsUpTo';

function authorList(me: string | readonly string[]): string[] {
  return typeof me === 'string' ? [me] : [...me];
}

/** Every text value, lowercased and joined: what search looks in. */
export function textOf(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const v of Object.values(values)) {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') parts.push(x);
  }
  return parts.join('\n').toLowerCase();
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
  return { pendingIds: pendingSet, rejectedIds: new Set(rejected.map((r) => r.id)), attachmentEntry };
}

/**
 * Every entry of these authors (deleted ones included: the index skips them), with the outbox
 * state and all drafts, and what the row cache lacks. `me` is deviceId(d) (or, once joined, also
 * the person id: db/workshop.ts myAuthorIds), read once by the caller (a live query must not
 * write, and deviceId may).
 */
export async function loadEntryListData(
  d: LumbungDb,
  me: string | readonly string[],
  now: () => number = Date.now,
): Promise<EntryListData & { update: EntryRowsUpdate }> {
  const authors = new Set(authorList(me));
  const tables = [d.entries, d.entryRows, d.meta, d.outbox, d.attachments, d.drafts];
  return d.transaction('r', tables, async () => {
    const upToRow = await d.meta.get(UP_TO_KEY);
    const cached = new Map<string, EntryRow>();
    if (typeof upToRow?.value === 'number')
      await eachBatch(d.entryRows, ROW_BATCH, (rows) => {
        for (const r of rows) cached.set(r.id, r);
      });
    const count = await d.entries.count();

    let rows = new Map<string, EntryRow>();
    const changed: EntryRow[] = [];
    let rebuilt = false;
    if (typeof upToRow?.value === 'number') {
      rows = new Map(cached);
      const recent = await d.entries
        .where('updatedAt')
        .aboveOrEqual(upToRow.value - RECHECK_MS)
        .toArray();
      for (const rec of recent) {
        const row = entryRow(rec);
        const old = cached.get(row.id);
        if (!old || !sameRow(old, row)) changed.push(row);
        rows.set(row.id, row);
      }
    }
    // No cache yet, or it cannot be right (an entry it never saw, one it holds that is gone, or
    // a clock now behind the newest write, whose writes the catch-up would miss): read every
    // record.
    if (typeof upToRow?.value !== 'number' || rows.size !== count || upToRow.value > now()) {
      rebuilt = true;
      rows = new Map();
      changed.length = 0;
      await eachBatch(d.entries, RECORD_BATCH, (batch) => {
        for (const rec of batch) {
          const row = entryRow(rec);
          rows.set(row.id, row);
          changed.push(row);
        }
      });
    }

    let upTo = 0;
    const entries: EntryRow[] = [];
    for (const r of rows.values()) {
      if (r.updatedAt > upTo) upTo = r.updatedAt;
      if (authors.has(r.authorId)) entries.push(r);
    }
    return {
      entries,
      ...(await outboxState(d)),
      drafts: await d.drafts.toArray(),
      update: { rows: changed, rebuilt, upTo },
    };
  });
}

/** Store what loadEntryListData found missing or changed (nothing to do when it found nothing). */
export async function saveEntryRows(d: LumbungDb, u: EntryRowsUpdate): Promise<void> {
  if (!u.rebuilt && u.rows.length === 0) return;
  await d.transaction('rw', [d.entryRows, d.meta], async () => {
    if (u.rebuilt) await d.entryRows.clear();
    await d.entryRows.bulkPut(u.rows);
    const old = await d.meta.get(UP_TO_KEY);
    const prev = typeof old?.value === 'number' ? old.value : 0;
    await d.meta.put({ key: UP_TO_KEY, value: u.rebuilt ? u.upTo : Math.max(prev, u.upTo) });
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
      rejectedIds: new Set(waiting.filter((r) => r.state === 'rejected').map((r) => r.id)),
      attachmentEntry,
      drafts: await d.drafts.toArray(),
    };
  });
}
