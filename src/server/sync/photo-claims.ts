/**
 * An attachment names a photo by its hash, and naming it is what lets a device read it (GET
 * /blobs asks whether an attachment in the reader's scope names it). So an attachment may name
 * only a photo its device uploaded or may read already (store/blob-uploads.ts mayNameBlob):
 * knowing another workshop's hash gives no read of its bytes. An attachment that keeps the photo
 * it already names is not asked again. A refused change is answered alone, as in check-change.ts.
 */
import { apiError, type Change, type Rejected } from '../../core/index.ts';
import type { ReadScope, Store } from '../store/types.ts';

export async function checkPhotoClaims(
  deviceId: string,
  scope: ReadScope,
  changes: Change[],
  store: Pick<Store, 'mayNameBlob' | 'getRecord'>,
): Promise<{ ok: Change[]; rejected: Rejected[] }> {
  const ok: Change[] = [];
  const rejected: Rejected[] = [];
  for (const change of changes) {
    const sha = change.table === 'attachments' ? change.fields['sha256'] : undefined;
    if (typeof sha !== 'string' || (await store.mayNameBlob(sha, deviceId, scope))) {
      ok.push(change);
      continue;
    }
    const stored = await store.getRecord('attachments', change.id);
    if (stored?.fields['sha256'] === sha) ok.push(change);
    else
      rejected.push({
        id: change.changeId,
        ...apiError('api.forbidden', [{ path: 'sha256', code: 'perm.photo' }]),
      });
  }
  return { ok, rejected };
}
