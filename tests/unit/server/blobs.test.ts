/** Photos: re-hashed, size- and type-checked, idempotent, served with an immutable header. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, MAX_PHOTO_BYTES } from '../../../src/core/index.ts';
import type { App } from '../../../src/server/app.ts';
import { register } from './helpers/client.ts';
import { openStore, storeKinds, type Opened } from './helpers/stores.ts';
import { testApp } from './helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
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

  beforeEach(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0);
    token = (await register(app)).token;
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
});
