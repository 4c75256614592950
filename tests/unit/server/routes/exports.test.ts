/**
 * GET /api/v1/exports/:name through app.request(), on SQLite and (when it answers) PostgreSQL:
 * the admin guard, CSV with BOM and the DOMAIN.md header, formula cells made inert, XLSX as a
 * real zip, the JSON dump, the workshop filter, and 10,000 entries paged through the store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Change, uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { createAdmin, get, login, scopedToken } from '../helpers/admin.ts';
import { change, stamp } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { parseCsv } from '../golden/fixtures.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 3, 0, 0);
const GOLDEN_IID_HEADER = readFileSync(join(import.meta.dirname, '..', 'golden', 'iid.csv'), 'utf8').split(
  '\r\n',
)[0]!;

function entryChange(id: string, i: number, extra: Record<string, Change['fields'][string]> = {}): Change {
  return change(
    'entries',
    id,
    {
      nama: `Inovasi ${String(i).padStart(5, '0')}`,
      opd: `Dinas ${i % 7}`,
      tahapan: 'Inisiatif',
      tujuan: 'Warga terlayani',
      workshopId: 'w-1',
      deleted: false,
      mergedInto: null,
      ...extra,
    },
    stamp(T0, 'hp-1'),
  );
}

describe.each(await storeKinds())('exports route on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let token: string;
  const ctx = { now: T0, stamp: () => stamp(T0, 'server') };

  beforeEach(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0);
    await createAdmin(opened.store, T0);
    token = (await login(app)).token;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('iid.csv: BOM, the DOMAIN.md header, a =HYPERLINK cell made inert, deleted entries left out', async () => {
    const danger = uuidv7(T0);
    await opened.store.applyChanges(
      'hp-1',
      [
        entryChange(danger, 1, { tujuan: '=HYPERLINK("http://x","klik")' }),
        entryChange(uuidv7(T0 + 1), 2),
        entryChange(uuidv7(T0 + 2), 3, { deleted: true }),
      ],
      ctx,
    );
    const res = await get(app, '/api/v1/exports/iid.csv', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="iid-2026-11-27.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe(GOLDEN_IID_HEADER.replace(/^\uFEFF/, ''));
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    const header = rows[0]!;
    const row = rows.find((r) => r[0] === danger)!;
    expect(row[header.indexOf('Tujuan')]).toBe(`'=HYPERLINK("http://x","klik")`);
    expect(text).not.toContain(',=HYPERLINK');
  });

  it('kipp.csv?sep=; uses semicolons; a bad query is 400; an unknown name is 404', async () => {
    await opened.store.applyChanges('hp-1', [entryChange(uuidv7(T0), 1)], ctx);
    const res = await get(app, '/api/v1/exports/kipp.csv?sep=;', token);
    expect(res.status).toBe(200);
    const first = (await res.text()).replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(first.split(';').length).toBeGreaterThan(3);
    expect(first).not.toContain(',');
    expect((await get(app, '/api/v1/exports/kipp.csv?sep=x', token)).status).toBe(400);
    expect((await get(app, '/api/v1/exports/kipp.csv?drop=1', token)).status).toBe(400);
    expect((await get(app, '/api/v1/exports/kipp.pdf', token)).status).toBe(404);
    expect((await get(app, '/api/v1/exports/secrets.json', token)).status).toBe(404);
  });

  it("recap.csv has every OPD of the Pemda's list, zeros included; iid.csv?sep=;&dates=id is named and dated so", async () => {
    const put = await app.request('/api/v1/admin/opd-list', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ opdList: ['Dinas 1', 'Satpol PP', 'BPBD'] }),
    });
    expect(put.status).toBe(200);
    await opened.store.applyChanges(
      'hp-1',
      [entryChange(uuidv7(T0), 1, { waktuInisiasi: '2024-06-01' })],
      ctx,
    );
    const recap = parseCsv(
      (await (await get(app, '/api/v1/exports/recap.csv', token)).text()).replace(/^\uFEFF/, ''),
    );
    expect(recap.map((r) => r.slice(0, 2))).toEqual([
      ['OPD', 'Jumlah Inovasi'],
      ['Dinas 1', '1'],
      ['Satpol PP', '0'],
      ['BPBD', '0'],
      ['Total', '1'],
    ]);
    const res = await get(app, '/api/v1/exports/iid.csv?sep=;&dates=id', token);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="iid-titik-koma-2026-11-27.csv"',
    );
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''), ';');
    expect(rows[1]![rows[0]!.indexOf('Waktu Inisiasi')]).toBe('01/06/2024');
    expect((await get(app, '/api/v1/exports/iid.csv?dates=us', token)).status).toBe(400);
    const ranking = await get(app, '/api/v1/exports/ranking.xlsx', token);
    expect(ranking.status).toBe(200);
    expect(ranking.headers.get('content-disposition')).toBe(
      'attachment; filename="peringkat-2026-11-27.xlsx"',
    );
  });

  it('iid.xlsx and recap.xlsx are zips with a worksheet and the XLSX content type', async () => {
    await opened.store.applyChanges(
      'hp-1',
      [entryChange(uuidv7(T0), 1, { nama: 'Sambang <Lansia> & "Warga"' })],
      ctx,
    );
    for (const name of ['iid.xlsx', 'recap.xlsx']) {
      const res = await get(app, `/api/v1/exports/${name}`, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
      expect(Object.keys(files)).toContain('[Content_Types].xml');
      if (name === 'iid.xlsx')
        expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('Sambang &lt;Lansia&gt; &amp;');
    }
  });

  it('all.json parses and holds every table, tombstones too; ?workshopId= filters', async () => {
    const a = uuidv7(T0);
    const b = uuidv7(T0 + 1);
    const gone = uuidv7(T0 + 2);
    await opened.store.applyChanges(
      'hp-1',
      [entryChange(a, 1), entryChange(b, 2, { workshopId: 'w-2' }), entryChange(gone, 3, { deleted: true })],
      ctx,
    );
    const res = await get(app, '/api/v1/exports/all.json', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const dump = JSON.parse(await res.text()) as { format: string; tables: Record<string, { id: string }[]> };
    expect(dump.format).toBe('lumbung-inovasi-dump');
    expect(dump.tables['entries']!.map((e) => e.id).sort()).toEqual([a, b, gone].sort());
    expect(Object.keys(dump.tables)).toEqual(
      expect.arrayContaining(['entries', 'reviews', 'comments', 'workshops']),
    );

    const only = await get(app, '/api/v1/exports/iid.csv?workshopId=w-2', token);
    const rows = parseCsv((await only.text()).replace(/^\uFEFF/, ''));
    expect(rows.slice(1).map((r) => r[0])).toEqual([b]);
  });

  it('participant and facilitator tokens get 403, no token 401', async () => {
    const p = await scopedToken(opened.store, 'participant', T0);
    const f = await scopedToken(opened.store, 'facilitator', T0);
    expect((await get(app, '/api/v1/exports/iid.csv', p.token)).status).toBe(403);
    expect((await get(app, '/api/v1/exports/all.json', f.token)).status).toBe(403);
    expect((await get(app, '/api/v1/exports/recap.xlsx', null)).status).toBe(401);
  });

  it('10,000 entries stream through the route as 10,001 CSV lines, the latest review in Status', async () => {
    const N = 10_000;
    const ids: string[] = [];
    for (let start = 0; start < N; start += 500) {
      const batch: Change[] = [];
      for (let i = start; i < start + 500; i++) {
        const id = `e-${String(i).padStart(5, '0')}`;
        ids.push(id);
        batch.push(entryChange(id, i));
      }
      await opened.store.applyChanges('hp-1', batch, ctx);
    }
    const review = (id: string, entryId: string, status: string, createdAt: number) =>
      change('reviews', id, { entryId, status, createdAt, deleted: false }, stamp(T0, 'fasil'));
    await opened.store.applyChanges(
      'fasil',
      [review('r-1', 'e-00042', 'perlu_dilengkapi', T0), review('r-2', 'e-00042', 'siap_diteruskan', T0 + 1)],
      ctx,
    );
    const res = await get(app, '/api/v1/exports/iid.csv', token);
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(N + 2);
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(ids));
    const status = rows[0]!.indexOf('Status');
    expect(rows.find((r) => r[0] === 'e-00042')![status]).toBe('Siap Diteruskan');
  }, 120_000);
});
