/**
 * Photos of pulled records reach the other device: at the end of a round the engine downloads
 * the bytes of attachments it has no blob for (GET /api/v1/blobs/:sha256 on the real server
 * in-process), verifies them by hash, and stores them as uploaded. Devices share a workshop.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { FetchLike } from '$src/app/sync/transport.ts';
import {
  TEST_WORKSHOP,
  inProcessServer,
  makeDevice,
  provisionFacilitator,
  type Device,
  type InProcessServer,
} from '../../../fault/harness.ts';

let server: InProcessServer;
const devices: Device[] = [];
async function device(name: string, opts: Parameters<typeof makeDevice>[2] = {}, fetch?: FetchLike) {
  const d = await makeDevice(name, fetch ?? server.fetch, {
    provision: (id) => provisionFacilitator(server.store, id),
    ...opts,
  });
  devices.push(d);
  return d;
}

beforeEach(async () => {
  server = await inProcessServer();
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  await server.close();
});

const jpeg = (seed: number) => new Uint8Array([0xff, 0xd8, 0xff, seed, seed + 1, seed + 2, 0xff, 0xd9]);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Device `d` takes a photo for a new entry: the blob row, the entry, the attachment record. */
async function takePhoto(d: Device, entryId: string, bytes: Uint8Array, createdAt: number): Promise<string> {
  const hash = sha(bytes);
  await d.db.blobs.put({
    sha256: hash,
    blob: new NodeBlob([bytes], { type: 'image/jpeg' }) as unknown as Blob,
    mime: 'image/jpeg',
    size: bytes.length,
    width: 12,
    height: 8,
    createdAt,
    uploaded: 0,
  });
  await d.write('entries', entryId, {
    nama: `FOTO ${entryId}`,
    opd: 'Dinas Lingkungan Hidup',
    tahapan: 'Inisiatif',
    workshopId: TEST_WORKSHOP,
  });
  await d.write('attachments', `p-${entryId}`, {
    entryId,
    sha256: hash,
    mime: 'image/jpeg',
    width: 12,
    height: 8,
    size: bytes.length,
    caption: '',
    createdAt,
    deleted: false,
  });
  return hash;
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** A fetch that answers GET /blobs/<sha> itself for the hashes in `fake`, else the server. */
function faking(fake: Record<string, () => Response>): FetchLike {
  return async (input, init) => {
    const m = /\/api\/v1\/blobs\/([0-9a-f]{64})$/.exec(new URL(input).pathname);
    const answer = m && (init?.method ?? 'GET') === 'GET' ? fake[m[1]!] : undefined;
    return answer ? answer() : server.fetch(input, init);
  };
}

describe('photos of pulled records', () => {
  it('device B downloads the photo A took: same hash, same bytes, marked uploaded', async () => {
    const a = await device('a');
    const b = await device('b');
    const bytes = jpeg(1);
    const hash = await takePhoto(a, 'e1', bytes, 1_000);
    expect(await a.engine.round()).toMatchObject({ ok: true, accepted: 2, downloaded: 0 });

    const r = await b.engine.round();
    expect(r).toMatchObject({ ok: true, downloaded: 1 });
    const row = await b.db.blobs.get(hash);
    expect(row).toMatchObject({ sha256: hash, mime: 'image/jpeg', size: bytes.length, uploaded: 1 });
    expect(row).toMatchObject({ width: 12, height: 8 });
    expect(await bytesOf(row!.blob)).toEqual(bytes);

    // Nothing to fetch the next time, and B never uploads it back.
    const again = await b.engine.round();
    expect(again).toMatchObject({ ok: true, downloaded: 0, accepted: 0 });
  });

  it('refuses bytes that do not match their hash, stores nothing, and fetches it right later', async () => {
    const a = await device('a');
    const hash = await takePhoto(a, 'e1', jpeg(1), 1_000);
    await a.engine.round();

    let corrupt = true;
    const fake = faking({
      [hash]: () => new Response(jpeg(99), { status: 200, headers: { 'content-type': 'image/jpeg' } }),
    });
    const b = await device('b', {}, (input, init) =>
      corrupt ? fake(input, init) : server.fetch(input, init),
    );
    const r = await b.engine.round();
    expect(r).toMatchObject({ ok: true, downloaded: 0, pulled: 2 });
    expect(r.error).toBeUndefined();
    expect(await b.db.blobs.count()).toBe(0);

    corrupt = false;
    const r2 = await b.engine.round();
    expect(r2).toMatchObject({ ok: true, downloaded: 1 });
    expect(await bytesOf((await b.db.blobs.get(hash))!.blob)).toEqual(jpeg(1));
  });

  it('refuses an answer that is not a photo', async () => {
    const a = await device('a');
    const hash = await takePhoto(a, 'e1', jpeg(1), 1_000);
    await a.engine.round();
    const b = await device(
      'b',
      {},
      faking({
        [hash]: () => new Response(jpeg(1), { status: 200, headers: { 'content-type': 'text/html' } }),
      }),
    );
    expect(await b.engine.round()).toMatchObject({ ok: true, downloaded: 0 });
    expect(await b.db.blobs.count()).toBe(0);
  });

  it('a 404 for one photo does not fail the round; the others still come, it is retried next round', async () => {
    const a = await device('a');
    const lost = await takePhoto(a, 'e1', jpeg(1), 1_000);
    const fine = await takePhoto(a, 'e2', jpeg(2), 2_000);
    await a.engine.round();

    let missing = true;
    const fake = faking({
      [lost]: () =>
        new Response(JSON.stringify({ code: 'api.not_found', message: 'x', messageEn: 'x' }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        }),
    });
    const b = await device('b', {}, (input, init) =>
      missing ? fake(input, init) : server.fetch(input, init),
    );
    const r = await b.engine.round();
    expect(r).toMatchObject({ ok: true, downloaded: 1 });
    expect(r.error).toBeUndefined();
    expect(await b.db.blobs.get(lost)).toBeUndefined();
    expect((await b.db.blobs.get(fine))?.uploaded).toBe(1);

    missing = false;
    expect(await b.engine.round()).toMatchObject({ ok: true, downloaded: 1 });
    expect(await b.db.blobs.get(lost)).toBeDefined();
  });

  it('downloads within the per-round budget, oldest first, the rest in later rounds', async () => {
    const a = await device('a');
    const newer = await takePhoto(a, 'e1', jpeg(1), 5_000);
    const older = await takePhoto(a, 'e2', jpeg(2), 1_000);
    const oldest = await takePhoto(a, 'e3', jpeg(3), 500);
    await a.engine.round();

    const b = await device('b', { downloadMaxPhotos: 2 });
    expect(await b.engine.round()).toMatchObject({ ok: true, downloaded: 2 });
    expect(await b.db.blobs.get(oldest)).toBeDefined();
    expect(await b.db.blobs.get(older)).toBeDefined();
    expect(await b.db.blobs.get(newer)).toBeUndefined();
    expect(await b.engine.round()).toMatchObject({ ok: true, downloaded: 1 });
    expect(await b.db.blobs.get(newer)).toBeDefined();

    // The byte budget: one photo per round when two would pass it.
    const c = await device('c', { downloadMaxBytes: jpeg(1).length + 1 });
    expect(await c.engine.round()).toMatchObject({ ok: true, downloaded: 1 });
    expect(await c.db.blobs.get(oldest)).toBeDefined();
  });

  it('does not fetch the photo of a deleted attachment', async () => {
    const a = await device('a');
    const hash = await takePhoto(a, 'e1', jpeg(1), 1_000);
    await a.write('attachments', 'p-e1', { deleted: true });
    await a.engine.round();
    const b = await device('b');
    expect(await b.engine.round()).toMatchObject({ ok: true, pulled: 2, downloaded: 0 });
    expect(await b.db.blobs.get(hash)).toBeUndefined();
  });
});
