/**
 * An upload's quota check asks the store once (blob-uploads.ts quotaUse): whether a record names
 * the photo, the bytes of the device's photos no record names, and the declared bytes and count
 * of its unfinished uploads, each the device's own. SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { change, stamp } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 11, 5);
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe.each(await storeKinds())('photo quota use on %s', (kind) => {
  let opened: Opened;
  beforeEach(async () => {
    opened = await openStore(kind);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('counts unnamed uploads and unfinished ones per device, and says when the photo is named', async () => {
    const { store } = opened;
    expect(await store.quotaUse(A, 'dev-1')).toEqual({
      named: false,
      unnamedBytes: 0,
      partialBytes: 0,
      partialCount: 0,
    });
    for (const [sha, size] of [
      [A, 100],
      [B, 30],
    ] as const) {
      expect(await store.putBlobMeta({ sha256: sha, size, mime: 'image/jpeg', createdAt: T0 })).toBe(true);
      await store.recordBlobUpload(sha, 'dev-1', T0);
    }
    // Stored before: the row stays as it was.
    expect(await store.putBlobMeta({ sha256: A, size: 1, mime: 'image/jpeg', createdAt: T0 })).toBe(false);
    const partial = { deviceId: 'dev-1', mime: 'image/jpeg', received: 5, updatedAt: T0 };
    await store.savePartial({ ...partial, sha256: C, total: 70 }, null);
    await store.savePartial({ ...partial, sha256: A, total: 100 }, null);
    await store.savePartial({ ...partial, sha256: C, deviceId: 'dev-2', total: 999 }, null);
    expect(await store.quotaUse(C, 'dev-1')).toEqual({
      named: false,
      unnamedBytes: 130,
      partialBytes: 170,
      partialCount: 2,
    });

    // An attachment names A: it no longer counts, and a check for A says it is named.
    const at = stamp(T0, 'dev-1');
    const attachment = change(
      'attachments',
      'att-1',
      { entryId: 'e-1', sha256: A, mime: 'image/jpeg', size: 100, authorId: 'dev-1', createdAt: T0 },
      at,
    );
    await store.applyChanges('dev-1', [attachment], { now: T0, stamp: () => stamp(T0, 'server') });
    expect(await store.quotaUse(A, 'dev-1')).toEqual({
      named: true,
      unnamedBytes: 30,
      partialBytes: 170,
      partialCount: 2,
    });
    expect((await store.quotaUse(B, 'dev-2')).partialCount).toBe(1);

    // The last chunk removes a partial only while it holds what that chunk was sent against.
    expect(await store.deletePartialAt(C, 'dev-1', 4)).toBe(false);
    expect(await store.deletePartialAt(C, 'dev-1', 5)).toBe(true);
    expect(await store.deletePartialAt(C, 'dev-1', 5)).toBe(false);
    expect((await store.quotaUse(B, 'dev-1')).partialCount).toBe(1);
  });
});
