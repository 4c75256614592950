/**
 * Issue 23: photo uploads that resume. An upload cut in the middle goes on from the bytes the
 * server holds and the stored photo's hash is right; a resumed upload whose bytes were tampered
 * with is refused and nothing is stored; a partial left alone is removed after its grace period;
 * partials count against the device's quota; another device's partial is never seen. SQLite and
 * PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, BlobChunkAnswerSchema } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { partialKey } from '$src/server/blobs/partial-key.ts';
import { PARTIAL_GRACE_MS, sweepPartials } from '$src/server/blobs/sweep.ts';
import { testApp } from '../helpers/app.ts';
import { register } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 11, 5, 8, 0, 0);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const photo = (seed: number, size = 10_000) =>
  new Uint8Array([0xff, 0xd8, ...Array.from({ length: size }, (_, i) => (i * seed) % 251), 0xff, 0xd9]);

describe.each(await storeKinds())('resumable photo uploads on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  let dev: { token: string; deviceId: string };

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now, { photoQuotaBytes: 25_000 });
    dev = await register(app);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  /** PUT bytes [first, first+part.length) of a photo of `total` bytes named `hash`. */
  const chunk = (hash: string, first: number, part: Uint8Array, total: number, token = dev.token) =>
    app.request(`/api/v1/blobs/${hash}`, {
      method: 'PUT',
      headers: {
        'content-type': 'image/jpeg',
        authorization: `Bearer ${token}`,
        'content-range': `bytes ${first}-${first + part.length - 1}/${total}`,
      },
      body: part.slice(),
    });
  const received = async (res: Response) => BlobChunkAnswerSchema.parse(await res.json()).received;
  const code = async (res: Response) => ApiErrorSchema.parse(await res.json()).code;
  /** The bytes stored under a hash (read from the blob store: no record names the photo yet). */
  const stored = async (hash: string) => {
    const stream = await opened.blobs.get(hash);
    return stream ? new Uint8Array(await new Response(stream).arrayBuffer()) : null;
  };

  it('an upload cut in the middle resumes from what the server holds, and the stored hash is right', async () => {
    const bytes = photo(7);
    const h = sha(bytes);
    const first = await chunk(h, 0, bytes.subarray(0, 4000), bytes.length);
    expect(first.status).toBe(202);
    expect(await received(first)).toBe(4000);
    // The device lost that answer (the link was cut) and sends the first chunk again: the server
    // says what it holds, appends nothing, and the device goes on from there.
    const again = await chunk(h, 0, bytes.subarray(0, 4000), bytes.length);
    expect(again.status).toBe(409);
    expect(await received(again.clone())).toBe(4000);
    expect(await code(again)).toBe('photo.offset');
    expect(await opened.store.getBlobMeta(h)).toBeNull();
    const rest = await chunk(h, 4000, bytes.subarray(4000), bytes.length);
    expect(rest.status).toBe(201);
    expect(await opened.store.getBlobMeta(h)).toMatchObject({ sha256: h, size: bytes.length });
    const back = await stored(h);
    expect(back && sha(back)).toBe(h);
    // The last chunk's answer was lost and it comes again: done, nothing sent over again.
    expect((await chunk(h, 4000, bytes.subarray(4000), bytes.length)).status).toBe(200);
    // Finished: the partial is gone.
    expect(await opened.store.getPartial(h, dev.deviceId)).toBeNull();
    expect(await opened.blobs.readPartial(partialKey(h, dev.deviceId), 1)).toBeNull();
  });

  it('a resumed upload whose bytes were tampered with is refused and nothing is stored', async () => {
    const bytes = photo(11);
    const h = sha(bytes);
    expect((await chunk(h, 0, bytes.subarray(0, 5000), bytes.length)).status).toBe(202);
    const tampered = bytes.slice(5000);
    tampered[100] = tampered[100]! ^ 0xff;
    const res = await chunk(h, 5000, tampered, bytes.length);
    expect(res.status).toBe(422);
    expect(await code(res)).toBe('api.hash_mismatch');
    expect(await opened.store.getBlobMeta(h)).toBeNull();
    expect(await opened.blobs.has(h)).toBe(false);
    expect(await opened.store.getPartial(h, dev.deviceId)).toBeNull();
    // The next try starts again from the first byte and succeeds.
    const fresh = await chunk(h, 5000, bytes.subarray(5000), bytes.length);
    expect(fresh.status).toBe(409);
    expect(await received(fresh)).toBe(0);
    expect((await chunk(h, 0, bytes, bytes.length)).status).toBe(201);
  });

  it('a partial left alone is removed after its grace period; one that grows is kept', async () => {
    const idle = photo(3);
    const busy = photo(5);
    expect((await chunk(sha(idle), 0, idle.subarray(0, 1000), idle.length)).status).toBe(202);
    expect((await chunk(sha(busy), 0, busy.subarray(0, 1000), busy.length)).status).toBe(202);
    now = T0 + PARTIAL_GRACE_MS;
    expect((await chunk(sha(busy), 1000, busy.subarray(1000, 2000), busy.length)).status).toBe(202);
    const sweep = (at: number) =>
      sweepPartials({ store: opened.store, blobs: opened.blobs, clock: () => at });
    expect(await sweep(T0 + PARTIAL_GRACE_MS)).toBe(0);
    expect(await sweep(T0 + PARTIAL_GRACE_MS + 1)).toBe(1);
    expect(await opened.store.getPartial(sha(idle), dev.deviceId)).toBeNull();
    expect(await opened.blobs.readPartial(partialKey(sha(idle), dev.deviceId), 1)).toBeNull();
    expect(await opened.store.getPartial(sha(busy), dev.deviceId)).toMatchObject({ received: 2000 });
    // The removed one starts again from its first byte.
    const res = await chunk(sha(idle), 1000, idle.subarray(1000), idle.length);
    expect(await received(res)).toBe(0);
  });

  it('partials count against the quota by their declared size, and are per device', async () => {
    const a = photo(3);
    const b = photo(5);
    const c = photo(7);
    expect((await chunk(sha(a), 0, a.subarray(0, 10), a.length)).status).toBe(202);
    expect((await chunk(sha(b), 0, b.subarray(0, 10), b.length)).status).toBe(202);
    // 2 × 10,004 declared + 10,004 > 25,000: refused before a byte is kept.
    const over = await chunk(sha(c), 0, c.subarray(0, 10), c.length);
    expect([over.status, await code(over)]).toEqual([413, 'photo.quota']);
    expect(await opened.store.getPartial(sha(c), dev.deviceId)).toBeNull();
    // Another device sees none of this device's partial: it starts from 0, as for an unknown hash.
    const other = await register(app);
    const theirs = await chunk(sha(a), 10, a.subarray(10, 20), a.length, other.token);
    expect(theirs.status).toBe(409);
    expect(await received(theirs)).toBe(0);
  });

  it('refuses a bad range and a declared size over the photo limit, changing nothing', async () => {
    const bytes = photo(3);
    const h = sha(bytes);
    const bad = await app.request(`/api/v1/blobs/${h}`, {
      method: 'PUT',
      headers: {
        'content-type': 'image/jpeg',
        authorization: `Bearer ${dev.token}`,
        'content-range': 'bytes 0-9/5',
      },
      body: bytes.slice(0, 10),
    });
    expect([bad.status, await code(bad)]).toEqual([400, 'api.invalid_body']);
    const huge = await chunk(h, 0, bytes.subarray(0, 10), 11 * 1024 * 1024);
    expect([huge.status, await code(huge)]).toEqual([413, 'api.too_large']);
    expect(await opened.store.getPartial(h, dev.deviceId)).toBeNull();
  });
});
