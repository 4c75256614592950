/**
 * Summaries and search behind "Entri saya" (the live list that holds them is
 * entryList.svelte.ts): one small summary per entry, sorted newest first once when the data
 * changes, so a keystroke in the search box filters an array in memory instead of
 * scanning IndexedDB. `searchEntries` is pure (the benchmark calls it with 10,000 summaries).
 */
import type { EntryListData } from '../db/summaries.ts';
import { textOf } from './search-text.ts';
import type { DraftRow, EntryRow } from '../db/types.ts';

export type EntryStatus = 'draft' | 'local' | 'sent' | 'attention';
export const ENTRY_STATUSES: readonly EntryStatus[] = ['draft', 'local', 'sent', 'attention'];

export interface EntrySummary {
  /** Entry id, or for an unsaved new entry the draft id. */
  id: string;
  /** True for a new entry that exists only as a draft. */
  draftOnly: boolean;
  nama: string;
  opd: string;
  tahapan: string;
  status: EntryStatus;
  updatedAt: number;
  /** Every text field, lowercased and joined: what search looks in. */
  search: string;
  /** Values of this entry that lost to a concurrent edit and wait to be restored or kept. */
  conflicts?: number;
  /** The status of the latest review a facilitator gave ('perlu_dilengkapi', …). */
  review?: string;
}

export interface EntryFilters {
  tahapan?: string;
  opd?: string;
  status?: EntryStatus | '';
}

export function summarizeEntry(row: EntryRow, status: EntryStatus): EntrySummary {
  return {
    id: row.id,
    draftOnly: false,
    nama: row.nama,
    opd: row.opd,
    tahapan: row.tahapan,
    status,
    updatedAt: row.updatedAt,
    search: row.search,
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function summarizeDraft(d: DraftRow): EntrySummary {
  return {
    id: d.id,
    draftOnly: true,
    nama: str(d.values.nama),
    opd: str(d.values.opd),
    tahapan: str(d.values.tahapan),
    status: 'draft',
    updatedAt: d.updatedAt,
    search: textOf(d.values),
  };
}

/** Attention (a refused change or a lost value) beats draft beats waiting: the badge says what
 * the person must act on first. */
export function entryStatus(attention: boolean, hasDraft: boolean, pending: boolean): EntryStatus {
  if (attention) return 'attention';
  if (hasDraft) return 'draft';
  return pending ? 'local' : 'sent';
}

export function buildEntryIndex(data: EntryListData): EntrySummary[] {
  const pendingEntries = new Set<string>();
  const rejectedEntries = new Set<string>();
  for (const id of data.pendingIds) pendingEntries.add(data.attachmentEntry.get(id) ?? id);
  for (const id of data.rejectedIds) rejectedEntries.add(data.attachmentEntry.get(id) ?? id);
  const drafted = new Set<string>();
  const out: EntrySummary[] = [];
  for (const d of data.drafts) {
    if (d.entryId) drafted.add(d.entryId);
    else out.push(summarizeDraft(d));
  }
  for (const e of data.entries) {
    if (e.deleted) continue;
    const conflicts = data.conflicted?.get(e.id) ?? 0;
    const attention = rejectedEntries.has(e.id) || conflicts > 0;
    const status = entryStatus(attention, drafted.has(e.id), pendingEntries.has(e.id));
    const summary = summarizeEntry(e, status);
    if (conflicts > 0) summary.conflicts = conflicts;
    const review = data.reviewed?.get(e.id);
    if (review) summary.review = review;
    out.push(summary);
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
}

/** Entries matching every word of `query` (in any text field) and every filter, newest first. */
export function searchEntries(
  index: readonly EntrySummary[],
  query: string,
  filters: EntryFilters = {},
): EntrySummary[] {
  const words = query.toLowerCase().split(/\s+/u).filter(Boolean);
  const { tahapan, opd, status } = filters;
  const out: EntrySummary[] = [];
  for (const e of index) {
    if (tahapan && e.tahapan !== tahapan) continue;
    if (opd && e.opd !== opd) continue;
    if (status && e.status !== status) continue;
    let ok = true;
    for (const w of words) {
      if (!e.search.includes(w)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(e);
  }
  return out;
}

/** The OPDs present in the index, for the filter's options. */
export function opdsOf(index: readonly EntrySummary[]): string[] {
  return [...new Set(index.map((e) => e.opd).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'id'));
}
