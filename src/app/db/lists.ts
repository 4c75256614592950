/**
 * The device's last-known copy of the lists its forms offer (core/pick-lists.ts): the Pemda's
 * OPD list and each year's tematik and KIPP lists, kept in `meta` under one key with the ETag
 * it came with. Written from the join answer and after sync rounds (sync/lists-fetch.ts); read
 * offline by the entry form. A device that never got it offers the built-in lists.
 */
import { PickListsSchema, type PickLists } from '../../core/pick-lists.ts';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';

export const LISTS_KEY = 'pickLists';

export interface StoredLists {
  lists: PickLists;
  /** The server's ETag for it (null when it came in a join answer). */
  etag: string | null;
}

/** The stored copy, checked (a row from an older app may differ): null when none or unreadable. */
export async function getPickLists(d: LumbungDb): Promise<StoredLists | null> {
  const v = (await d.meta.get(LISTS_KEY))?.value as unknown;
  if (typeof v !== 'object' || v === null) return null;
  const { lists, etag } = v as { lists?: unknown; etag?: unknown };
  const parsed = PickListsSchema.safeParse(lists);
  if (!parsed.success) return null;
  return { lists: parsed.data, etag: typeof etag === 'string' ? etag : null };
}

export async function savePickLists(d: LumbungDb, lists: PickLists, etag: string | null): Promise<void> {
  const value: StoredLists = { lists, etag };
  await d.meta.put({ key: LISTS_KEY, value: value as unknown as FieldValue });
}
