/**
 * The /sync answer's compression (sync/response-gzip.ts): gzipped in one piece when the device
 * accepts gzip and the answer is worth it, with its length given; the same JSON either way.
 */
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { SyncResponseSchema, uuidv7 } from '$src/core/index.ts';
import { acceptsGzip } from '$src/server/sync/response-gzip.ts';
import { change, stamp, sync } from '../helpers/client.ts';
import { useAdminApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 11, 1, 8, 0, 0);

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1, GZIP;q=0.5', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['identity', false],
    ['br', false],
    ['*;q=0', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('no header means no gzip', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('the /sync answer on the wire', () => {
  const t = useAdminApp(T0);

  const pull = (acceptEncoding: string | null, since = 0) =>
    t.app.request('/api/v1/sync', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.dev.token}`,
        ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }),
      },
      body: JSON.stringify({ deviceId: t.dev.deviceId, since, changes: [] }),
    });

  const fill = async (n: number) => {
    const changes = Array.from({ length: n }, (_, i) =>
      change(
        'entries',
        uuidv7(T0 - n + i),
        { nama: `Inovasi ${i}: layanan keliling`, opd: 'Dinas Kesehatan', tahapan: 'Inisiatif' },
        stamp(T0 - n + i, t.dev.deviceId),
      ),
    );
    const r = await sync(t.app, t.dev, 0, changes);
    expect(r.accepted).toHaveLength(n);
  };

  it('a big answer comes gzipped in one piece, with its length, and holds the same JSON', async () => {
    await fill(40);
    const plain = await pull(null);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainText = await plain.text();
    expect(plainText.length).toBeGreaterThan(1024);

    const zipped = await pull('gzip, deflate, br');
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(zipped.headers.get('content-type')).toBe('application/json');
    expect(zipped.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(Number(zipped.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(bytes.byteLength).toBeLessThan(plainText.length / 2);
    const text = gunzipSync(bytes).toString('utf8');
    // `now` is the fixed test clock, so the two answers are the same text.
    expect(text).toBe(plainText);
    expect(SyncResponseSchema.parse(JSON.parse(text)).changes).toHaveLength(40);
  });

  it('a device that refuses gzip gets plain JSON, with its length', async () => {
    await fill(40);
    const res = await pull('gzip;q=0, identity');
    expect(res.headers.get('content-encoding')).toBeNull();
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(SyncResponseSchema.parse(JSON.parse(text)).changes).toHaveLength(40);
  });

  it('a small answer is not compressed, even when gzip is accepted', async () => {
    await fill(40);
    const head = SyncResponseSchema.parse(await (await pull(null)).json());
    const res = await pull('gzip', head.cursor);
    expect(res.headers.get('content-encoding')).toBeNull();
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(SyncResponseSchema.parse(JSON.parse(text)).changes).toEqual([]);
  });
});
