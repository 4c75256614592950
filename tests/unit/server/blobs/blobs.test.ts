/**
 * Photos: re-hashed, size- and type-checked, idempotent, served with an immutable header, and
 * only to a device that may read an attachment naming them (the pull's scope).
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, MAX_PHOTO_BYTES, uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { change, register, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** An entry of `author` in `workshopId` with one photo: the two changes its device pushes. */
function entryWithPhoto(by: Dev, author: string, workshopId: string | null, photo: string) {
  const entryId = uuidv7(T0);
  const at = stamp(T0, by.deviceId);
  return [
    change(
      'entries',
      entryId,
      { nama: 'Sikat Gigi', opd: 'Dinas Kesehatan', tahapan: 'Inisiatif', authorId: author, workshopId },
      at,
    ),
    change(
      'attachments',
      uuidv7(T0),
      { entryId, sha256: photo, mime: 'image/jpeg', size: JPEG.length, authorId: author, createdAt: T0 },
      at,
    ),
  ];
}
const JPEG = new Uint8Array([
  0xff,
  0xd8,
  0xff,
  0xe0,
  ...Array.from({ length: 2000 }, (_, i) => i % 251),
  0xff,
  0xd9,
]);

describe.each(await storeKinds())('blobs on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let token: string;
  let deviceId: string;

  beforeEach(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0, { joinLimit: { max: 1000, windowMs: 60_000 } });
    ({ token, deviceId } = await register(app));
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const put = (
    hash: string,
    body: Uint8Array<ArrayBuffer>,
    type = 'image/jpeg',
    auth: string | null = token,
  ) =>
    app.request(`/api/v1/blobs/${hash}`, {
      method: 'PUT',
      headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body,
    });
  const code = async (res: Response) => ApiErrorSchema.parse(await res.json()).code;

  it('stores a photo once, returns it with an immutable header, and a second PUT stores nothing new', async () => {
    const h = sha(JPEG);
    expect((await put(h, JPEG)).status).toBe(201);
    const meta = await opened.store.getBlobMeta(h);
    expect(meta).toEqual({ sha256: h, size: JPEG.length, mime: 'image/jpeg', createdAt: T0 });
    const again = await put(h, JPEG);
    expect(again.status).toBe(200);
    expect(await opened.store.getBlobMeta(h)).toEqual(meta);
    const dev = { deviceId, token };
    expect((await sync(app, dev, 0, entryWithPhoto(dev, deviceId, null, h))).rejected).toEqual([]);
    const got = await app.request(`/api/v1/blobs/${h}`, { headers: { authorization: `Bearer ${token}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('cache-control')).toContain('immutable');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(JPEG);
  });

  it('refuses a hash mismatch with 422 api.hash_mismatch and stores nothing', async () => {
    const wrong = sha(new Uint8Array([1, 2, 3]));
    const res = await put(wrong, JPEG);
    expect(res.status).toBe(422);
    expect(await code(res)).toBe('api.hash_mismatch');
    expect(await opened.store.getBlobMeta(wrong)).toBeNull();
    expect(await opened.blobs.has(wrong)).toBe(false);
  });

  it('refuses a photo over 10 MB with 413 api.too_large', async () => {
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    const h = sha(big);
    const res = await put(h, big);
    expect(res.status).toBe(413);
    expect(await code(res)).toBe('api.too_large');
    expect(await opened.blobs.has(h)).toBe(false);
  });

  it('refuses a non-image type, a bad hash, and a missing or forged token', async () => {
    const h = sha(JPEG);
    const notImage = await put(h, JPEG, 'text/html');
    expect([notImage.status, await code(notImage)]).toEqual([415, 'photo.not_image']);
    const badHash = await put('abc', JPEG);
    expect([badHash.status, await code(badHash)]).toEqual([400, 'api.invalid_body']);
    const noToken = await put(h, JPEG, 'image/jpeg', null);
    expect([noToken.status, await code(noToken)]).toEqual([401, 'api.unauthorized']);
    const forged = await put(h, JPEG, 'image/jpeg', 'a'.repeat(64));
    expect([forged.status, await code(forged)]).toEqual([401, 'api.unauthorized']);
    expect(await opened.blobs.has(h)).toBe(false);
    const get = await app.request(`/api/v1/blobs/${h}`);
    expect(get.status).toBe(401);
    const missing = await app.request(`/api/v1/blobs/${h}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([missing.status, await code(missing)]).toEqual([404, 'api.not_found']);
  });

  describe('who may read a photo', () => {
    const get = async (dev: Dev, h: string) => {
      const res = await app.request(`/api/v1/blobs/${h}`, {
        headers: { authorization: `Bearer ${dev.token}` },
      });
      return res.status === 200 ? 200 : [res.status, await code(res)];
    };

    it('the devices that pull the attachment naming it, and no device of another workshop', async () => {
      const wa = await seedWorkshop(opened.store, () => T0, { nama: 'Lokakarya A' });
      const wb = await seedWorkshop(opened.store, () => T0, { nama: 'Lokakarya B' });
      const p1 = await join(app, wa.participantCode, 'p1');
      const p2 = await join(app, wa.participantCode, 'p2');
      const fA = await join(app, wa.facilitatorCode, 'fA');
      const q = await join(app, wb.participantCode, 'q');
      const fB = await join(app, wb.facilitatorCode, 'fB');
      const admin = await adminDevice(opened.store, T0);
      const h = sha(JPEG);
      expect((await put(h, JPEG, 'image/jpeg', p1.token)).status).toBe(201);

      // Uploaded, not yet named by any attachment: only the admin, who reads everything.
      const notFound = [404, 'api.not_found'];
      expect([await get(p2, h), await get(fA, h), await get(admin, h)]).toEqual([notFound, notFound, 200]);

      expect((await sync(app, p1, 0, entryWithPhoto(p1, 'p1', wa.workshop.id, h))).rejected).toEqual([]);
      const seen = await Promise.all([p1, p2, fA, admin, q, fB].map((d) => get(d, h)));
      // Another workshop's devices get the answer a photo nobody stored gets.
      expect(seen).toEqual([200, 200, 200, 200, notFound, notFound]);
    });

    it('in a workshop without peer reading, a participant gets only the photos of their own entries', async () => {
      const w = await seedWorkshop(opened.store, () => T0, { nama: 'Tertutup', allowPeerRead: false });
      const p1 = await join(app, w.participantCode, 'p1');
      const p2 = await join(app, w.participantCode, 'p2');
      const f = await join(app, w.facilitatorCode, 'f');
      const h = sha(JPEG);
      expect((await put(h, JPEG, 'image/jpeg', p1.token)).status).toBe(201);
      expect((await sync(app, p1, 0, entryWithPhoto(p1, 'p1', w.workshop.id, h))).rejected).toEqual([]);
      expect(await Promise.all([p1, p2, f].map((d) => get(d, h)))).toEqual([
        200,
        [404, 'api.not_found'],
        200,
      ]);
    });
  });
});
