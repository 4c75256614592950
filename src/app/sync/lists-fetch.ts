/**
 * GET /api/v1/lists after a sync round: the Pemda's OPD list and the yearly tematik and KIPP
 * lists, stored as the device's last-known copy (db/lists.ts). The stored ETag makes an
 * unchanged answer a bodiless 304. A failure keeps the copy the device has; the next round
 * tries again, and the round's own status already tells the person about the network.
 */
import { PickListsSchema } from '../../core/pick-lists.ts';
import type { LumbungDb } from '../db/db.ts';
import { getPickLists, savePickLists } from '../db/lists.ts';
import { getToken } from '../db/syncstate.ts';
import type { FetchLike } from './transport.ts';

export interface ListsFetchDeps {
  db: LumbungDb;
  baseUrl: string;
  fetch?: FetchLike;
}

/** 'saved' (a new copy), 'same' (304), or 'kept' (no token, or the request failed). */
export async function refreshPickLists(deps: ListsFetchDeps): Promise<'saved' | 'same' | 'kept'> {
  const token = await getToken(deps.db);
  if (!token) return 'kept';
  const stored = await getPickLists(deps.db);
  const doFetch: FetchLike = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  try {
    const res = await doFetch(`${deps.baseUrl.replace(/\/$/, '')}/api/v1/lists`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(stored?.etag ? { 'if-none-match': stored.etag } : {}),
      },
    });
    if (res.status === 304) return 'same';
    if (!res.ok) return 'kept';
    const parsed = PickListsSchema.safeParse(await res.json());
    if (!parsed.success) return 'kept';
    await savePickLists(deps.db, parsed.data, res.headers.get('etag'));
    return 'saved';
  } catch {
    return 'kept';
  }
}
