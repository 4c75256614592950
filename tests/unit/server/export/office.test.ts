/**
 * Exports an office pastes without retyping (issue 20, item 1), read back by real readers: the
 * XLSX through tests/unit/server/helpers/xlsx-reader.ts (zip + XML parser + number formats), the
 * CSV through the strict RFC 4180 parser of golden/fixtures.ts, in both separators, with the BOM.
 * A golden entry with every field filled must show each field in its own column.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_SYSTEM_FIELDS, EntryValues, URUSAN, entryFieldSchemas } from '$src/core/index.ts';
import { looksLikeFormula } from '$src/server/export/cells.ts';
import { exportStream, latestReviewByEntry, type ExportKind } from '$src/server/export/index.ts';
import {
  ENTRIES,
  GOLDEN_ENTRY,
  GOLDEN_FIELDS,
  GOLDEN_ID,
  NOW,
  asAsync,
  entry,
  parseCsv,
  readAll,
  review,
} from '../golden/fixtures.ts';
import { plain, readXlsx, type ReadSheet } from '../helpers/xlsx-reader.ts';

const G = GOLDEN_FIELDS;

/** The IID profile in DOMAIN.md's form order: header → what the golden entry shows there. */
const IID_EXPECTED: [header: string, csv: string, xlsx: string | number][] = [
  ['ID', GOLDEN_ID, GOLDEN_ID],
  ['OPD', G.opd, G.opd],
  ['Nama Narahubung', G.cpNama, G.cpNama],
  ['WhatsApp Narahubung', G.cpWhatsapp, G.cpWhatsapp],
  ['Nama Inovasi', G.nama, G.nama],
  ['Tahapan', G.tahapan, G.tahapan],
  ['Inisiator', G.inisiator, G.inisiator],
  ['Nama Inisiator', G.namaInisiator, G.namaInisiator],
  ['Jenis', G.jenis, G.jenis],
  ['Bentuk', G.bentuk, G.bentuk],
  ['Tematik', G.tematik, G.tematik],
  ['Urusan Utama', G.urusanUtama, G.urusanUtama],
  ['Urusan Beririsan', 'Komunikasi dan Informatika; Sosial', 'Komunikasi dan Informatika; Sosial'],
  ['Waktu Inisiasi', '2021-01-04', '2021-01-04'],
  ['Waktu Uji Coba', '2021-03-15', '2021-03-15'],
  ['Waktu Penerapan', '2021-12-31', '2021-12-31'],
  ['Rancang Bangun dan Pokok Perubahan', RB_TEXT(), RB_TEXT()],
  ['Tujuan', G.tujuan, G.tujuan],
  ['Manfaat', G.manfaat, G.manfaat],
  ['Hasil', G.hasil, G.hasil],
  ['Anggaran', G.anggaran, G.anggaran],
  ['Status', 'Siap Diteruskan', 'Siap Diteruskan'],
  ['Pengisi', G.authorName, G.authorName],
  // No indicator claimed, no evidence: not ready, nothing estimated.
  ['Siap Diunggah ke IID', 'Belum', 'Belum'],
  ['Perkiraan Skor Indikator', '0', 0],
];

function RB_TEXT(): string {
  return [
    G.rancangBangun,
    `Dasar Hukum:\n${G.rbDasarHukum}`,
    `Permasalahan:\n${G.rbPermasalahan}`,
    `Isu Strategis:\n${G.rbIsuStrategis}`,
    `Metode Pembaharuan:\n${G.rbMetode}`,
    `Keunggulan dan Kebaruan:\n${G.rbKeunggulan}`,
    `Cara Kerja (Tahapan) Inovasi:\n${G.rbCaraKerja}`,
  ].join('\n\n');
}

const REVIEWS = latestReviewByEntry([review('rg', GOLDEN_ID, 'siap_diteruskan', 5_000, false, 87)]);

async function csv(
  kind: ExportKind,
  entries = [GOLDEN_ENTRY],
  opts: { separator?: ',' | ';'; dates?: 'iso' | 'id'; opdList?: string[] } = {},
): Promise<string[][]> {
  const x = exportStream(kind, 'csv', asAsync(entries), { now: NOW, reviews: REVIEWS, ...opts });
  const bytes = await readAll(x.body);
  expect([...bytes.subarray(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parseCsv(text.slice(1), opts.separator ?? ',');
}

async function xlsx(kind: ExportKind, entries = [GOLDEN_ENTRY], opdList?: string[]): Promise<ReadSheet> {
  const x = exportStream(kind, 'xlsx', asAsync(entries), { now: NOW, reviews: REVIEWS, opdList });
  const sheets = readXlsx(await readAll(x.body));
  expect(sheets).toHaveLength(1);
  return sheets[0]!;
}

describe('the golden entry', () => {
  it('is a valid entry and fills every field a form can fill', () => {
    expect(EntryValues.safeParse(GOLDEN_FIELDS).success).toBe(true);
    const formFields = Object.keys(entryFieldSchemas).filter(
      (k) => !(ENTRY_SYSTEM_FIELDS as readonly string[]).includes(k),
    );
    expect(formFields.filter((k) => !(k in GOLDEN_FIELDS))).toEqual([]);
  });
});

describe('IID sheet: every profile field in its column, in the IID form order', () => {
  it.each([',', ';'] as const)('CSV with %j, BOM, ISO dates', async (separator) => {
    const rows = await csv('iid', [GOLDEN_ENTRY], { separator });
    expect(rows[0]).toEqual(IID_EXPECTED.map((e) => e[0]));
    expect(rows).toHaveLength(2);
    expect(Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]))).toEqual(
      Object.fromEntries(IID_EXPECTED.map(([h, c]) => [h, c])),
    );
  });

  it('CSV with the Indonesian date locale writes dd/mm/yyyy', async () => {
    const rows = await csv('iid', [GOLDEN_ENTRY], { separator: ';', dates: 'id' });
    const col = (h: string) => rows[0]!.indexOf(h);
    expect(rows[1]![col('Waktu Inisiasi')]).toBe('04/01/2021');
    expect(rows[1]![col('Waktu Penerapan')]).toBe('31/12/2021');
  });

  it('XLSX: the same values, dates as date cells, long text wrapped, nothing prefixed', async () => {
    const sheet = await xlsx('iid');
    expect(sheet.name).toBe('Profil IID');
    expect(sheet.rows[0]!.map(plain)).toEqual(IID_EXPECTED.map((e) => e[0]));
    expect(sheet.rows[0]!.every((c) => c?.type === 'text' && c.bold)).toBe(true);
    const row = sheet.rows[1]!;
    expect(Object.fromEntries(sheet.rows[0]!.map((h, i) => [plain(h), plain(row[i])]))).toEqual(
      Object.fromEntries(IID_EXPECTED.map(([h, , x]) => [h, x])),
    );
    const cell = (h: string) => row[IID_EXPECTED.findIndex((e) => e[0] === h)];
    for (const h of ['Waktu Inisiasi', 'Waktu Uji Coba', 'Waktu Penerapan'])
      expect(cell(h), h).toMatchObject({ type: 'date', format: 'dd/mm/yyyy' });
    for (const h of ['Rancang Bangun dan Pokok Perubahan', 'Tujuan', 'Manfaat', 'Hasil'])
      expect(cell(h), h).toMatchObject({ type: 'text', wrap: true });
    expect(cell('ID')).toMatchObject({ type: 'text', wrap: false });
  });

  it('XLSX: autofilter over header and rows, frozen header, landscape A4 fitted to the width, header repeated on every page', async () => {
    const sheet = await xlsx('iid', [...ENTRIES, GOLDEN_ENTRY]);
    const lastRow = 1 + 7; // header + six live fixture entries + the golden one
    expect(sheet.rows).toHaveLength(lastRow);
    expect(sheet.autoFilter).toBe(`A1:Y${lastRow}`);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: '9',
      fitToWidth: '1',
      fitToHeight: '0',
    });
    expect(sheet.fitToPage).toBe(true);
    expect(sheet.definedNames).toEqual({
      '_xlnm._FilterDatabase': `'Profil IID'!$A$1:$Y$${lastRow}`,
      '_xlnm.Print_Titles': "'Profil IID'!$1:$1",
    });
  });

  it('an entry with no dates has empty date cells, not text', async () => {
    const sheet = await xlsx('iid', [
      entry('x1', { nama: 'Tanpa tanggal', opd: 'BPBD', waktuUjiCoba: 'bukan tanggal' }),
    ]);
    expect(sheet.rows[1]![IID_EXPECTED.findIndex((e) => e[0] === 'Waktu Uji Coba')]).toBeUndefined();
  });
});

describe('formula neutralising: only in CSV, only where a spreadsheet would evaluate', () => {
  const BULLETS = [
    '- aduan tertangani',
    '+ Satpol PP',
    '-  dua spasi',
    '- Perda (2020) berlaku',
    '+ kepercayaan = naik',
  ];
  const FORMULAS = [
    '=1+1',
    '@SUM(A1:A2)',
    '\t=1+1',
    '\r=1+1',
    '-2+3',
    '+1+2',
    '-5 hari',
    '+HYPERLINK("http://x","klik")',
    "- cmd|' /C calc'!A0",
    '- HYPERLINK("http://x")',
    '- Sheet2!A1',
    '-',
  ];

  it.each(BULLETS)('a bullet %j is text as typed', (s) => expect(looksLikeFormula(s)).toBe(false));
  it.each(FORMULAS)('%j is made inert', (s) => expect(looksLikeFormula(s)).toBe(true));

  it('CSV prefixes formulas only; XLSX writes every text as typed', async () => {
    const texts = [...BULLETS, ...FORMULAS];
    const entries = texts.map((s, i) =>
      entry(`f${String(i).padStart(2, '0')}`, {
        nama: `n${String(i).padStart(2, '0')}`,
        opd: 'BPBD',
        tujuan: s,
      }),
    );
    const col = IID_EXPECTED.findIndex((e) => e[0] === 'Tujuan');
    const csvRows = (await csv('iid', entries)).slice(1);
    expect(csvRows.map((r) => r[col])).toEqual([...BULLETS, ...FORMULAS.map((s) => `'${s}`)]);
    const sheet = await xlsx('iid', entries);
    expect(sheet.rows.slice(1).map((r) => plain(r[col]))).toEqual(texts);
  });
});

describe('recap', () => {
  const LIST = ['Satpol PP', 'Dinas Sosial', 'BPBD', 'DPMPTSP'];

  it('has a row for every OPD of the Pemda list, zeros included, then OPDs not on the list, then Total', async () => {
    for (const separator of [',', ';'] as const) {
      const rows = await csv('recap', ENTRIES, { separator, opdList: LIST });
      expect(rows.map((r) => r[0])).toEqual([
        'OPD',
        'Satpol PP',
        'Dinas Sosial',
        'BPBD',
        'DPMPTSP',
        'Dinas Lingkungan Hidup',
        'DKPP',
        'Kelurahan Bendogerit',
        'Total',
      ]);
      const bpbd = rows.find((r) => r[0] === 'BPBD')!;
      expect(bpbd.slice(1).every((n) => n === '0')).toBe(true);
      expect(rows.find((r) => r[0] === 'DPMPTSP')![1]).toBe('2');
    }
  });

  it('counts innovations per urusan utama, one column per urusan; the columns sum to the total', async () => {
    const sheet = await xlsx('recap', ENTRIES, LIST);
    const header = sheet.rows[0]!.map(plain);
    expect(header.filter((h) => String(h).startsWith('Urusan Utama: '))).toEqual(
      URUSAN.map((u) => `Urusan Utama: ${u}`),
    );
    const total = sheet.rows.at(-1)!.map(plain);
    expect(total[0]).toBe('Total');
    const pm = header.indexOf('Urusan Utama: Penanaman Modal');
    expect(total[pm]).toBe(2);
    expect(sheet.rows.find((r) => plain(r[0]) === 'DPMPTSP')!.map(plain)[pm]).toBe(2);
    const urusanCols = header.flatMap((h, i) => (String(h).startsWith('Urusan Utama: ') ? [i] : []));
    expect(urusanCols.reduce((n, i) => n + Number(total[i]), 0)).toBe(total[1]);
    expect(sheet.rows.slice(1).every((r) => r.slice(1).every((c) => c?.type === 'number'))).toBe(true);
  });

  it('an OPD typed with other case or spacing counts under the list spelling', async () => {
    const rows = await csv(
      'recap',
      [entry('s1', { nama: 'x', opd: '  satpol  pp ', tahapan: 'Inisiatif' })],
      {
        opdList: LIST,
      },
    );
    expect(rows.find((r) => r[0] === 'Satpol PP')![1]).toBe('1');
    expect(rows).toHaveLength(LIST.length + 2);
  });
});

describe('ranking', () => {
  it('nama, OPD, skor, tahun; highest score first, unscored last', async () => {
    const entries = [
      entry('a', { nama: 'Tanpa skor', opd: 'BPBD', createdAt: Date.UTC(2025, 5, 1) }),
      entry('b', { nama: 'Skor 60', opd: 'DKPP', createdAt: Date.UTC(2025, 11, 31, 18) }), // 2026 in Jakarta
      GOLDEN_ENTRY,
    ];
    const reviews = latestReviewByEntry([
      review('rb', 'b', 'baru', 1, false, 60),
      review('rg', GOLDEN_ID, 'baru', 1, false, 87),
    ]);
    const x = exportStream('ranking', 'csv', asAsync(entries), { now: NOW, reviews, separator: ';' });
    expect(x.filename).toBe('peringkat-titik-koma-2026-11-27.csv');
    const rows = parseCsv(new TextDecoder().decode(await readAll(x.body)), ';');
    expect(rows).toEqual([
      ['Nama', 'OPD', 'Skor', 'Tahun'],
      [G.nama, G.opd, '87', '2026'],
      ['Skor 60', 'DKPP', '60', '2026'],
      ['Tanpa skor', 'BPBD', '', '2025'],
    ]);
    const sheet = readXlsx(
      await readAll(exportStream('ranking', 'xlsx', asAsync(entries), { now: NOW, reviews }).body),
    )[0]!;
    expect(sheet.name).toBe('Peringkat');
    expect(sheet.rows[1]!.map(plain)).toEqual([G.nama, G.opd, 87, 2026]);
    expect(sheet.rows[1]![2]).toMatchObject({ type: 'number' });
  });
});

describe('file names say what the file is', () => {
  it.each([
    ['iid', 'csv', ',', 'iid-2026-11-27.csv'],
    ['iid', 'csv', ';', 'iid-titik-koma-2026-11-27.csv'],
    ['iid', 'xlsx', ';', 'iid-2026-11-27.xlsx'],
    ['recap', 'xlsx', ',', 'rekap-opd-2026-11-27.xlsx'],
    ['ranking', 'xlsx', ',', 'peringkat-2026-11-27.xlsx'],
  ] as const)('%s.%s with %j → %s', (kind, format, separator, name) => {
    const x = exportStream(kind, format, asAsync([]), { now: NOW, separator });
    expect(x.filename).toBe(name);
    expect(x.contentDisposition).toBe(`attachment; filename="${name}"`);
  });
});
