/**
 * An attachment names a photo by its hash, and naming it is what lets a device read it (GET
 * /blobs asks whether an attachment in the reader's scope names it). So an attachment may name
 * only a photo its device uploaded or may read already (store/blob-uploads.ts mayNameBlob):
 * knowing another workshop's hash gives no read of its bytes. An attachment that keeps the photo
 * it already names is not asked again. A refused change is answered alone, as in check-change.ts.
 */
import { apiError, type Change, type Rejected } from '../../core/index.ts';
import type { PhotoStore, ReadScope, SyncStore } from '../store/types.ts';

export async function checkPhotoClaims(
  deviceId: string,
  scope: ReadScope,
  changes: Change[],
  stores: { photos: Pick<PhotoStore, 'mayNameBlob'>; sync: Pick<SyncStore, 'getRecord'> },
): Promise<{ ok: Change[]; rejected: Rejected[] }> {
  const ok: Change[] = [];
  const rejected: Rejected[] = [];
  for (const change of changes) {
    const sha = change.table === 'attachments' ? change.fields['sha256'] : undefined;
    if (typeof sha !== 'string' || (await stores.photos.mayNameBlob(sha, deviceId, scope))) {
      ok.push(change);
      continue;
    }
    const stored = await stores.sync.getRecord('attachments', change.id);
    if (stored?.fields['sha256'] === sha) ok.push(change);
    else
      rejected.push({
        id: change.changeId,
        ...apiError('api.forbidden', [{ path: 'sha256', code: 'perm.photo' }]),
      });
  }
  return { ok, rejected };
}
