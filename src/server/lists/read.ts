/**
 * What every device learns about the lists (core/pick-lists.ts): the Pemda's OPD list and each
 * year's edited tematik and KIPP lists. Sent in the join answer and by GET /api/v1/lists.
 */
import type { PickLists } from '../../core/index.ts';
import type { PickListStore, SyncStore } from '../store/types.ts';
import { getPemdaOpdList } from '../workshops/pemda.ts';

export async function readPickLists(stores: {
  sync: Pick<SyncStore, 'getRecord'>;
  lists: Pick<PickListStore, 'pickLists'>;
}): Promise<PickLists> {
  const [{ opdList }, yearly] = await Promise.all([getPemdaOpdList(stores.sync), stores.lists.pickLists()]);
  return { opdList, yearly };
}
