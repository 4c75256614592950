/**
 * What every device learns about the lists (core/pick-lists.ts): the Pemda's OPD list and each
 * year's edited tematik and KIPP lists. Sent in the join answer and by GET /api/v1/lists.
 */
import type { PickLists } from '../../core/index.ts';
import type { Store } from '../store/types.ts';
import { getPemdaOpdList } from '../workshops/pemda.ts';

export async function readPickLists(store: Pick<Store, 'getRecord' | 'pickLists'>): Promise<PickLists> {
  const [{ opdList }, yearly] = await Promise.all([getPemdaOpdList(store), store.pickLists()]);
  return { opdList, yearly };
}
