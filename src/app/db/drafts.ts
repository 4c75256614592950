/**
 * Drafts: forms being typed, autosaved on every change (local only, never synced). A draft of a
 * new entry has `entryId: null` and its own id; a draft of an existing entry is keyed
 * `edit:<entryId>`, so there is at most one per entry. Each function owns its (single-table)
 * write; nothing here needs the network.
 */
import { uuidv7 } from '../../core/ids.ts';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import type { EntryAuthor } from './entries.ts';
import type { DraftRow } from './types.ts';

export function editDraftId(entryId: string): string {
  return `edit:${entryId}`;
}

export function newDraftId(): string {
  return uuidv7();
}

/** The draft of an existing entry, or (entryId null) the latest draft of a new entry typed by
 * `person` (kiosk mode; null = the device's owner), so one person never sees another's draft. */
export async function findDraft(
  d: LumbungDb,
  entryId: string | null,
  person: string | null = null,
): Promise<DraftRow | undefined> {
  if (entryId) return d.drafts.get(editDraftId(entryId));
  // IndexedDB does not index null, so new-entry drafts are found by scanning the (small) table.
  const rows = await d.drafts.orderBy('updatedAt').reverse().toArray();
  return rows.find((r) => r.entryId === null && (r.person ?? null) === person);
}

export async function getDraft(d: LumbungDb, id: string): Promise<DraftRow | undefined> {
  return d.drafts.get(id);
}

export interface DraftInput {
  id: string;
  entryId: string | null;
  values: Record<string, FieldValue>;
  focus: string | null;
  photos: string[];
  /** Kiosk mode: the person typing (null on a personal device). */
  person?: string | null;
  /** Kiosk mode: who the entry will belong to. */
  author?: EntryAuthor | null;
}

/** Put the whole draft: one small row, so a keystroke costs one IndexedDB put. */
export async function saveDraft(d: LumbungDb, input: DraftInput, now: number = Date.now()): Promise<void> {
  await d.drafts.put({
    ...input,
    person: input.person ?? null,
    author: input.author ?? null,
    updatedAt: now,
  });
}

export async function deleteDraft(d: LumbungDb, id: string): Promise<void> {
  await d.drafts.delete(id);
}

/** Put a removed draft back exactly as it was ("Urungkan"). */
export async function restoreDraft(d: LumbungDb, row: DraftRow): Promise<void> {
  await d.drafts.put(row);
}
