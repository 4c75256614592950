/**
 * The Pemda's OPD list (core/opd-list.ts): a server-written record of the `workshops` table with
 * a fixed id, so it reaches admin devices by the normal pull and works offline there. New
 * workshops start from it; the admin edits it with PUT /api/v1/admin/opd-list.
 */
import { hlcWall, PEMDA_RECORD_ID, pemdaOpdListOf } from '../../core/index.ts';
import type { SyncStore } from '../store/types.ts';
import { writeWorkshopFields, type WorkshopDeps } from './create.ts';

export async function getPemdaOpdList(store: Pick<SyncStore, 'getRecord'>): Promise<{
  opdList: string[] | null;
  /** Wall ms of the list's stamp (when it was last saved), null when never. */
  updatedAt: number | null;
}> {
  const doc = await store.getRecord('workshops', PEMDA_RECORD_ID);
  const opdList = pemdaOpdListOf(doc);
  const st = doc?.stamps['opdList'];
  return { opdList, updatedAt: opdList && st ? hlcWall(st) : null };
}

/** Save the list (already validated by OpdListSchema). The record also says what it is, and is
 * closed, so anything that reads it as a workshop finds nothing to join or write to. */
export async function setPemdaOpdList(deps: WorkshopDeps, opdList: readonly string[]): Promise<void> {
  await writeWorkshopFields(deps, PEMDA_RECORD_ID, {
    nama: 'Daftar OPD Pemda',
    opdList: [...opdList],
    closed: true,
    allowPeerRead: false,
    deleted: false,
  });
}
