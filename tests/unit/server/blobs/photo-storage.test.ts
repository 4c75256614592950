/**
 * Issue 19, findings 5 and 6 (photos): a PUT's answer depends only on the bytes sent, never on
 * whether the hash exists (no existence oracle); an attachment may name only a photo its device
 * uploaded or may read (naming another workshop's hash reads nothing); a device holds at most a
 * quota of photos no record names; such photos are swept after a grace period. SQLite and
 * PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { PHOTO_GRACE_MS, sweepUnnamedPhotos } from '$src/server/blobs/sweep.ts';
import { testApp } from '../helpers/app.ts';
import { change, stamp, sync } from '../helpers/client.ts';
import { join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const photo = (seed: number, size = 2000) =>
  new Uint8Array([0xff, 0xd8, ...Array.from({ length: size }, (_, i) => (i * seed) % 251), 0xff, 0xd9]);

describe.each(await storeKinds())('photo storage on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  let wsA: string;
  let wsB: string;
  let p1: Dev;
  let q: Dev;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now, { joinLimit: { max: 1000, windowMs: 60_000 }, photoQuotaBytes: 3000 });
    const a = await seedWorkshop(opened.store, () => T0, { nama: 'Lokakarya A' });
    const b = await seedWorkshop(opened.store, () => T0, { nama: 'Lokakarya B' });
    wsA = a.workshop.id;
    wsB = b.workshop.id;
    p1 = await join(app, a.participantCode, 'p1');
    q = await join(app, b.participantCode, 'q');
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const put = (dev: Dev, hash: string, body: Uint8Array<ArrayBuffer>) =>
    app.request(`/api/v1/blobs/${hash}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${dev.token}` },
      body,
    });
  const answer = async (res: Response) => [res.status, ApiErrorSchema.parse(await res.json()).code];
  const get = (dev: Dev, hash: string) =>
    app.request(`/api/v1/blobs/${hash}`, { headers: { authorization: `Bearer ${dev.token}` } });

  /** An own entry with one attachment naming `hash`, as its device pushes them. */
  const entryWithPhoto = (dev: Dev, author: string, ws: string, hash: string) => {
    const entryId = uuidv7(T0);
    const at = stamp(T0, dev.deviceId);
    const entry = {
      nama: 'Foto',
      opd: 'Dinas Kesehatan',
      tahapan: 'Inisiatif',
      authorId: author,
      workshopId: ws,
    };
    return [
      change('entries', entryId, entry, at),
      change(
        'attachments',
        uuidv7(T0),
        { entryId, sha256: hash, mime: 'image/jpeg', size: 2004, authorId: author, createdAt: T0 },
        at,
      ),
    ];
  };

  it('answers a PUT with wrong bytes alike for a stored hash of another workshop and an unknown one', async () => {
    const secret = photo(3);
    expect((await put(p1, sha(secret), secret)).status).toBe(201);
    const wrong = photo(5);
    const stored = await answer(await put(q, sha(secret), wrong));
    const unknown = await answer(await put(q, sha(photo(7)), wrong));
    expect(stored).toEqual([422, 'api.hash_mismatch']);
    expect(unknown).toEqual(stored);
  });

  it("an attachment naming another workshop's photo is refused and reads nothing", async () => {
    const secret = photo(3);
    const h = sha(secret);
    expect((await put(p1, h, secret)).status).toBe(201);
    expect((await sync(app, p1, 0, entryWithPhoto(p1, 'p1', wsA, h))).rejected).toEqual([]);
    const [entry, claim] = entryWithPhoto(q, 'q', wsB, h);
    const r = await sync(app, q, 0, [entry!, claim!]);
    expect(r.accepted).toEqual([entry!.changeId]);
    expect(r.rejected).toMatchObject([
      { id: claim!.changeId, code: 'api.forbidden', issues: [{ path: 'sha256', code: 'perm.photo' }] },
    ]);
    expect((await get(q, h)).status).toBe(404);
    // Its own upload of the same bytes is a claim it may make.
    expect((await put(q, h, secret)).status).toBe(200);
    const own = entryWithPhoto(q, 'q', wsB, h);
    expect((await sync(app, q, 0, own)).rejected).toEqual([]);
    expect((await get(q, h)).status).toBe(200);
  });

  it('holds a device to its quota of photos no record names, freed once they are named', async () => {
    const one = photo(3);
    const two = photo(5);
    expect((await put(p1, sha(one), one)).status).toBe(201);
    expect(await answer(await put(p1, sha(two), two))).toEqual([413, 'photo.quota']);
    expect(await opened.store.getBlobMeta(sha(two))).toBeNull();
    expect((await sync(app, p1, 0, entryWithPhoto(p1, 'p1', wsA, sha(one)))).rejected).toEqual([]);
    expect((await put(p1, sha(two), two)).status).toBe(201);
  });

  it('sweeps photos no record names once the grace period is over, and keeps named ones', async () => {
    const loose = photo(3);
    const kept = photo(5);
    expect((await put(p1, sha(loose), loose)).status).toBe(201);
    expect((await put(q, sha(kept), kept)).status).toBe(201);
    expect((await sync(app, q, 0, entryWithPhoto(q, 'q', wsB, sha(kept)))).rejected).toEqual([]);
    const sweep = (at: number) =>
      sweepUnnamedPhotos({ store: opened.store, blobs: opened.blobs, clock: () => at });
    expect(await sweep(T0 + PHOTO_GRACE_MS)).toBe(0);
    expect(await sweep(T0 + PHOTO_GRACE_MS + 1)).toBe(1);
    expect(await opened.store.getBlobMeta(sha(loose))).toBeNull();
    expect(await opened.blobs.has(sha(loose))).toBe(false);
    expect(await opened.store.getBlobMeta(sha(kept))).not.toBeNull();
    expect(await opened.blobs.has(sha(kept))).toBe(true);
    // The swept photo no longer counts against its device's quota, and can come again.
    expect((await opened.store.quotaUse(sha(loose), p1.deviceId)).unnamedBytes).toBe(0);
    now = T0 + PHOTO_GRACE_MS + 2;
    expect((await put(p1, sha(loose), loose)).status).toBe(201);
  });
});
