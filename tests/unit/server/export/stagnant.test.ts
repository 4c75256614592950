/**
 * The stagnan list as files (GET /exports/stagnan.csv|xlsx), on SQLite and (when it answers)
 * PostgreSQL, read back: the `;` and `,` CSV parsed with the BOM, the XLSX with the test reader
 * (dates as date cells). Rows are what core/stagnation.ts names, with why and the follow-up.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7, type Change } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { get } from '../helpers/admin.ts';
import { adminDevice } from '../helpers/roles.ts';
import { change, stamp } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { parseCsv } from '../golden/fixtures.ts';
import { testApp } from '../helpers/app.ts';
import { plain, readXlsx } from '../helpers/xlsx-reader.ts';

const NOW = Date.UTC(2026, 10, 27, 3, 0, 0);
const at = (d: string) => Date.parse(`${d}T05:00:00Z`);
const SHA = 'a'.repeat(64);

const HEADER = ['Nama inovasi', 'OPD', 'Tahap', 'Sejak', 'Alasan', 'Penanggung jawab', 'Target', 'Catatan'];

function entry(
  id: string,
  nama: string,
  tahapan: string,
  when: string,
  extra: Change['fields'] = {},
): Change {
  return change(
    'entries',
    id,
    { nama, opd: 'Dinas Kesehatan', tahapan, workshopId: 'w-1', createdAt: at(when), ...extra },
    stamp(at(when), 'hp-1'),
  );
}
const comment = (entryId: string, when: string) =>
  change(
    'comments',
    uuidv7(at(when)),
    { entryId, text: 'Lanjut', authorId: 'hp-1', createdAt: at(when) },
    stamp(at(when), 'hp-1'),
  );
const evidence = (entryId: string, when: string) =>
  change(
    'attachments',
    uuidv7(at(when)),
    {
      entryId,
      sha256: SHA,
      mime: 'application/pdf',
      evidenceFor: 'regulasi',
      size: 100,
      authorId: 'hp-1',
      createdAt: at(when),
    },
    stamp(at(when), 'hp-1'),
  );

describe.each(await storeKinds())('stagnan export on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let token: string;
  let now = NOW;
  const ctx = { now: NOW, stamp: () => stamp(NOW, 'server') };
  const ids = {
    idle: 'e-idle',
    active: 'e-active',
    oldEv: 'e-old-ev',
    newEv: 'e-new-ev',
    followed: 'e-fu',
    gone: 'e-gone',
  };

  beforeEach(async () => {
    opened = await openStore(kind);
    now = NOW;
    app = testApp(opened, () => now);
    // A token straight into the store: no password hashing in every test's setup.
    token = (await adminDevice(opened.store, NOW)).token;
    await opened.store.applyChanges(
      'hp-1',
      [
        entry(ids.idle, 'Sikat Gigi', 'Inisiatif', '2026-03-01'),
        entry(ids.active, 'Lapor Jalan', 'Uji Coba', '2026-03-01'),
        comment(ids.active, '2026-11-01'),
        entry(ids.oldEv, 'Posyandu Keliling', 'Penerapan', '2025-01-01'),
        evidence(ids.oldEv, '2025-05-05'),
        entry(ids.newEv, 'Kartu Sehat', 'Penerapan', '2025-01-01'),
        evidence(ids.newEv, '2026-02-02'),
        entry(ids.followed, 'Bank Sampah', 'Inisiatif', '2026-11-01'),
        entry(ids.gone, 'Dihapus', 'Inisiatif', '2025-01-01', { deleted: true }),
      ],
      ctx,
    );
    const put = (id: string, body: unknown) =>
      app.request(`/api/v1/admin/follow-ups/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    // Set in April: the follow-up's edit is the innovation's last activity, 7 months ago.
    now = at('2026-04-01');
    expect(
      (
        await put(ids.idle, {
          penanggungJawab: 'Bu Rina',
          target: '2026-12-31',
          catatan: '=HYPERLINK("x"); hubungi Kadis, minggu ini',
          selesai: false,
        })
      ).status,
    ).toBe(200);
    now = NOW;
    expect(
      (await put(ids.followed, { penanggungJawab: 'Pak Dedi', target: null, catatan: '', selesai: false }))
        .status,
    ).toBe(200);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const expected = [
    [
      'Posyandu Keliling',
      'Dinas Kesehatan',
      'Penerapan',
      '2025-05-05',
      'bukti terakhir tahun 2025',
      '',
      '',
      '',
    ],
    [
      'Sikat Gigi',
      'Dinas Kesehatan',
      'Inisiatif',
      '2026-04-01',
      'tidak ada kegiatan sejak 01/04/2026',
      'Bu Rina',
      '2026-12-31',
      '=HYPERLINK("x"); hubungi Kadis, minggu ini',
    ],
    [
      'Bank Sampah',
      'Dinas Kesehatan',
      'Inisiatif',
      '2026-11-27',
      'dalam tindak lanjut sejak 27/11/2026',
      'Pak Dedi',
      '',
      '',
    ],
  ];

  it.each([';', ','])(
    'CSV with "%s": BOM, the columns, one row per stagnant innovation with why',
    async (sep) => {
      const res = await get(
        app,
        `/api/v1/exports/stagnan.csv?bulan=6${sep === ';' ? '&sep=%3B' : ''}`,
        token,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${sep === ';' ? 'stagnan-titik-koma' : 'stagnan'}-2026-11-27.csv"`,
      );
      // Read as bytes: Response.text() would drop the BOM.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1), sep);
      expect(rows[0]).toEqual(HEADER);
      // The CSV makes the formula inert (a leading ').
      expect(rows.slice(1)).toEqual(expected.map((r) => r.map((c) => (c.startsWith('=') ? `'${c}` : c))));
    },
  );

  it('XLSX: the same rows, Sejak and Target as date cells; bulan=12 lists fewer', async () => {
    const res = await get(app, '/api/v1/exports/stagnan.xlsx?bulan=6', token);
    expect(res.status).toBe(200);
    const [sheet] = readXlsx(new Uint8Array(await res.arrayBuffer()));
    expect(sheet!.name).toBe('Stagnan');
    // (the reader leaves out empty cells at a row's end)
    const pad = (r: (string | number)[]) => [...r, ...Array<string>(HEADER.length - r.length).fill('')];
    expect(sheet!.rows.map((r) => pad(r.map(plain)))).toEqual([HEADER, ...expected]);
    expect(sheet!.rows[2]![3]).toMatchObject({ type: 'date', value: '2026-04-01' });
    expect(sheet!.rows[2]![6]).toMatchObject({ type: 'date', value: '2026-12-31' });

    const year = parseCsv(
      (await (await get(app, '/api/v1/exports/stagnan.csv?bulan=12', token)).text()).slice(1),
    );
    // Seven months idle is not twelve: Sikat Gigi stays listed for its open follow-up only.
    expect(year.slice(1).map((r) => `${r[0]}: ${r[4]}`)).toEqual([
      'Posyandu Keliling: bukti terakhir tahun 2025',
      'Sikat Gigi: dalam tindak lanjut sejak 01/04/2026',
      'Bank Sampah: dalam tindak lanjut sejak 27/11/2026',
    ]);
    expect((await get(app, '/api/v1/exports/stagnan.csv?bulan=99', token)).status).toBe(400);
  });
});
