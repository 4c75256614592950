/**
 * JSON answers of the API carry their length (http/json-length.ts): a small one leaves as it is
 * even to a client that accepts gzip, a large one is still gzipped, and the JSON is the same.
 */
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { useAdminApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);
const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

describe('JSON answers of the API', () => {
  const t = useAdminApp(T0);

  it('a token answer (small) leaves uncompressed with its length', async () => {
    const res = await t.app.request('/api/v1/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...GZIP },
      body: JSON.stringify({ deviceId: 'dev-json-length' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-encoding')).toBeNull();
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { deviceId: string; token: string };
    expect(body.deviceId).toBe('dev-json-length');
    expect(body.token).toMatch(/^[0-9a-f]{32,}$/);
  });

  it('an error answer keeps its status and code, with its length', async () => {
    const res = await t.app.request('/api/v1/sync', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...GZIP },
      body: JSON.stringify({ deviceId: 'x', since: 0, changes: [] }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-encoding')).toBeNull();
    const text = await res.text();
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toMatchObject({ code: 'api.unauthorized' });
  });

  it('a large answer is still gzipped, and says the same', async () => {
    const opdList = Array.from({ length: 80 }, (_, i) => `Dinas Pelayanan Publik Nomor ${i + 1}`);
    const auth = { authorization: `Bearer ${t.dev.token}` };
    const put = await t.app.request('/api/v1/admin/opd-list', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ opdList }),
    });
    expect(put.status).toBe(200);
    const plain = await t.app.request('/api/v1/admin/opd-list', { headers: auth });
    const plainText = await plain.text();
    expect(Buffer.byteLength(plainText)).toBeGreaterThan(1024);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await t.app.request('/api/v1/admin/opd-list', { headers: { ...auth, ...GZIP } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const unzipped = gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8');
    expect(JSON.parse(unzipped)).toEqual(JSON.parse(plainText));
    expect((JSON.parse(plainText) as { opdList: string[] }).opdList).toEqual(opdList);
  });
});
