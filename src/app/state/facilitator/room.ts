/**
 * The facilitator's view of the room, as pure functions over what db/reviews.ts loadRoomData
 * reads: one summary per entry (OPD, tahapan, latest review status, merged or not, still waiting
 * in the outbox), filters and search, groups by OPD with counts, and the progress table.
 */
import { REVIEW_STATUS } from '../../../core/tables.ts';
import type { RoomData } from '../../db/reviews.ts';
import type { StoredRecord } from '../../db/types.ts';

export type ReviewStatus = (typeof REVIEW_STATUS)[number];
export { REVIEW_STATUS };

export interface RoomEntry {
  id: string;
  nama: string;
  opd: string;
  tahapan: string;
  authorName: string;
  enteredBy: string | null;
  /** The latest review's status ('baru' when nobody reviewed it yet). */
  status: ReviewStatus;
  /** Reviewed = some facilitator gave it a status other than 'baru'. */
  reviewed: boolean;
  mergedInto: string | null;
  /** Still has outbox rows (the entry or its photos): not yet at the office. */
  pending: boolean;
  updatedAt: number;
  /** Values that lost to a concurrent edit, not restored or kept yet. */
  conflicts?: number;
}

export interface RoomFilters {
  query?: string;
  opd?: string;
  tahapan?: string;
  status?: ReviewStatus | '';
  /** Only entries not yet at the office. */
  pendingOnly?: boolean;
}

const NO_OPD = '';

function latestReview(reviews: StoredRecord[]): StoredRecord | undefined {
  let best: StoredRecord | undefined;
  for (const r of reviews) {
    if (r.fields.deleted === true) continue;
    if (!best || r.updatedAt > best.updatedAt) best = r;
  }
  return best;
}

export function buildRoom(data: RoomData): RoomEntry[] {
  const byEntry = new Map<string, StoredRecord[]>();
  for (const r of data.reviews) {
    const id = r.fields.entryId;
    if (typeof id !== 'string') continue;
    const list = byEntry.get(id);
    if (list) list.push(r);
    else byEntry.set(id, [r]);
  }
  const pendingEntries = new Set<string>();
  for (const [att, entry] of data.attachmentEntry) if (data.pendingIds.has(att)) pendingEntries.add(entry);
  const out: RoomEntry[] = [];
  for (const e of data.entries) {
    const f = e.fields;
    if (f.deleted === true) continue;
    const reviews = byEntry.get(e.id) ?? [];
    const latest = latestReview(reviews);
    const status = (REVIEW_STATUS as readonly unknown[]).includes(latest?.fields.status)
      ? (latest!.fields.status as ReviewStatus)
      : 'baru';
    out.push({
      id: e.id,
      nama: String(f.nama ?? ''),
      opd: typeof f.opd === 'string' ? f.opd.trim() : NO_OPD,
      tahapan: String(f.tahapan ?? ''),
      authorName: String(f.authorName ?? ''),
      enteredBy: typeof f.enteredBy === 'string' && f.enteredBy ? f.enteredBy : null,
      status,
      reviewed: reviews.some((r) => r.fields.deleted !== true && r.fields.status !== 'baru'),
      mergedInto: typeof f.mergedInto === 'string' && f.mergedInto ? f.mergedInto : null,
      pending: data.pendingIds.has(e.id) || pendingEntries.has(e.id),
      updatedAt: e.updatedAt,
      ...(data.conflicted?.get(e.id) ? { conflicts: data.conflicted.get(e.id) } : {}),
    });
  }
  return out.sort((a, b) => a.opd.localeCompare(b.opd, 'id') || a.nama.localeCompare(b.nama, 'id'));
}

const fold = (s: string) => s.toLocaleLowerCase('id').normalize('NFKD').replace(/\p{M}/gu, '');

export function filterRoom(entries: readonly RoomEntry[], f: RoomFilters): RoomEntry[] {
  const words = fold(f.query ?? '')
    .split(/\s+/)
    .filter(Boolean);
  return entries.filter(
    (e) =>
      (!f.opd || e.opd === f.opd) &&
      (!f.tahapan || e.tahapan === f.tahapan) &&
      (!f.status || e.status === f.status) &&
      (!f.pendingOnly || e.pending) &&
      (words.length === 0 ||
        words.every((w) => fold(`${e.nama} ${e.opd} ${e.authorName} ${e.enteredBy ?? ''}`).includes(w))),
  );
}

export interface OpdGroup {
  opd: string;
  entries: RoomEntry[];
  /** Entries that count (merged-away duplicates are listed but not counted). */
  count: number;
}

export function groupByOpd(entries: readonly RoomEntry[]): OpdGroup[] {
  const groups = new Map<string, RoomEntry[]>();
  for (const e of entries) {
    const g = groups.get(e.opd);
    if (g) g.push(e);
    else groups.set(e.opd, [e]);
  }
  return [...groups]
    .map(([opd, list]) => ({ opd, entries: list, count: list.filter((e) => !e.mergedInto).length }))
    .sort((a, b) => (a.opd === NO_OPD ? 1 : b.opd === NO_OPD ? -1 : a.opd.localeCompare(b.opd, 'id')));
}

export interface ProgressRow {
  opd: string;
  entries: number;
  reviewed: number;
  /** Not yet at the office: still waiting in this device's outbox. */
  notSent: number;
}

/** Per OPD: entries (merged-away duplicates excluded), reviewed, not yet at the office; and a total. */
export function progress(entries: readonly RoomEntry[]): { rows: ProgressRow[]; total: ProgressRow } {
  const rows = groupByOpd(entries).map((g) => {
    const live = g.entries.filter((e) => !e.mergedInto);
    return {
      opd: g.opd,
      entries: live.length,
      reviewed: live.filter((e) => e.reviewed).length,
      notSent: live.filter((e) => e.pending).length,
    };
  });
  const total = rows.reduce(
    (t, r) => ({
      opd: '',
      entries: t.entries + r.entries,
      reviewed: t.reviewed + r.reviewed,
      notSent: t.notSent + r.notSent,
    }),
    { opd: '', entries: 0, reviewed: 0, notSent: 0 },
  );
  return { rows, total };
}

export function opdsOfRoom(entries: readonly RoomEntry[]): string[] {
  return [...new Set(entries.map((e) => e.opd).filter((o) => o !== NO_OPD))].sort((a, b) =>
    a.localeCompare(b, 'id'),
  );
}
