/**
 * What an import would do, computed with the same merge as sync (core/merge.ts) against what the
 * device holds, before anything is written: the person sees it and confirms. Pure: the caller
 * reads the stored records. The plan is a preview; applying re-merges inside its transaction.
 */
import { mergeRecords, type FieldValue, type RecordDoc } from '../../core/index.ts';
import { HANDOVER_TABLES, type ParsedHandover } from './format.ts';

export type HandoverTable = (typeof HANDOVER_TABLES)[number];
export type PlanKind = 'new' | 'changed' | 'unchanged';

export interface PlanItem {
  table: HandoverTable;
  id: string;
  kind: PlanKind;
  /** Fields whose value the import would change. */
  fields: string[];
  /** Concurrent edits that would lose (kept in history, shown as conflicts). */
  conflicts: number;
}

export interface PlanEntry {
  id: string;
  nama: string;
  opd: string;
  authorName: string;
  /** A tombstone: the entry was deleted on the sending device (the deletion travels too). */
  deleted: boolean;
  /** 'changed' also when only its photos, reviews or comments would change. */
  kind: PlanKind;
  fields: string[];
  /** New or changed photos, reviews and comments of this entry. */
  related: { attachments: number; reviews: number; comments: number };
}

export type PlanCounts = Record<PlanKind, Record<HandoverTable, number>>;

export interface ImportPlan {
  items: PlanItem[];
  entries: PlanEntry[];
  counts: PlanCounts;
  /** Photos this device does not have yet. */
  newBlobs: number;
  conflicts: number;
  /** True when applying would change nothing at all. */
  nothingToDo: boolean;
}

export const recordKey = (table: string, id: string): string => `${table}/${id}`;

const zero = (): Record<HandoverTable, number> => ({ entries: 0, attachments: 0, reviews: 0, comments: 0 });
const str = (v: FieldValue | undefined): string => (typeof v === 'string' ? v : '');

export function buildPlan(
  parsed: ParsedHandover,
  stored: ReadonlyMap<string, RecordDoc>,
  storedBlobs: ReadonlySet<string>,
): ImportPlan {
  const counts: PlanCounts = { new: zero(), changed: zero(), unchanged: zero() };
  const items: PlanItem[] = [];
  const merged = new Map<string, RecordDoc>();
  let conflicts = 0;
  for (const r of parsed.records) {
    const table = r.table as HandoverTable;
    const current = stored.get(recordKey(r.table, r.id));
    const { doc, changed, lost } = mergeRecords(current, r);
    const kind: PlanKind = !current ? 'new' : changed.length > 0 ? 'changed' : 'unchanged';
    const itemConflicts = lost.filter((l) => l.concurrent).length;
    conflicts += itemConflicts;
    counts[kind][table] += 1;
    items.push({ table, id: r.id, kind, fields: changed, conflicts: itemConflicts });
    merged.set(recordKey(r.table, r.id), doc);
  }
  const entries = listEntries(items, merged, stored);
  const newBlobs = parsed.blobs.filter((b) => !storedBlobs.has(b.sha256)).length;
  const nothingToDo = newBlobs === 0 && items.every((i) => i.kind === 'unchanged');
  return { items, entries, counts, newBlobs, conflicts, nothingToDo };
}

/** One line per entry the file touches, named as it will read after the import. */
function listEntries(
  items: PlanItem[],
  merged: Map<string, RecordDoc>,
  stored: ReadonlyMap<string, RecordDoc>,
): PlanEntry[] {
  const byId = new Map<string, PlanEntry>();
  for (const item of items) {
    if (item.table !== 'entries') continue;
    const f = merged.get(recordKey('entries', item.id))!.fields;
    byId.set(item.id, {
      id: item.id,
      nama: str(f.nama),
      opd: str(f.opd),
      authorName: str(f.authorName),
      deleted: f.deleted === true,
      kind: item.kind,
      fields: item.fields,
      related: { attachments: 0, reviews: 0, comments: 0 },
    });
  }
  for (const item of items) {
    if (item.table === 'entries' || item.kind === 'unchanged') continue;
    const entryId = merged.get(recordKey(item.table, item.id))!.fields.entryId;
    const entry = typeof entryId === 'string' ? byId.get(entryId) : undefined;
    if (!entry) continue;
    entry.related[item.table] += 1;
    if (entry.kind === 'unchanged')
      entry.kind = stored.has(recordKey('entries', entry.id)) ? 'changed' : 'new';
  }
  return [...byId.values()].sort((a, b) => a.nama.localeCompare(b.nama, 'id'));
}
