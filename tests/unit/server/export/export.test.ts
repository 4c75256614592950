import { crc32 } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readiness } from '$src/core/readiness.ts';
import { neutralise } from '$src/server/export/cells.ts';
import { IID_COLUMNS, rancangBangunText } from '$src/server/export/columns.ts';
import { csvField, csvRecord } from '$src/server/export/csv.ts';
import {
  exportStream,
  jakartaDate,
  jsonDump,
  latestReviewByEntry,
  parseExportPath,
} from '$src/server/export/index.ts';
import {
  EXCEL_MAX_CELL_CHARS,
  TRUNCATED_MARK,
  columnName,
  rowXml,
  xmlEscape,
} from '$src/server/export/xlsx.ts';
import { ENTRIES, NOW, REVIEWS, asAsync, entry, panjang, parseCsv, readAll } from '../golden/fixtures.ts';

/** The IID profile in DOMAIN.md's form order ("IID innovation profile, in form order"), typed
 * out independently: ID first, then the profile, then Status, Pengisi and the IID readiness. */
const DOMAIN_IID_COLUMNS = [
  'ID',
  'OPD',
  'Nama Narahubung',
  'WhatsApp Narahubung',
  'Nama Inovasi',
  'Tahapan',
  'Inisiator',
  'Nama Inisiator',
  'Jenis',
  'Bentuk',
  'Tematik',
  'Urusan Utama',
  'Urusan Beririsan',
  'Waktu Inisiasi',
  'Waktu Uji Coba',
  'Waktu Penerapan',
  'Rancang Bangun dan Pokok Perubahan',
  'Tujuan',
  'Manfaat',
  'Hasil',
  'Anggaran',
  'Status',
  'Pengisi',
  'Siap Diunggah ke IID',
  'Perkiraan Skor Indikator',
];
const col = (h: string) => DOMAIN_IID_COLUMNS.indexOf(h);

const DANGEROUS = ['=HYPERLINK("http://x","klik")', '+1+2', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];

async function csvRows(
  kind: 'iid' | 'kipp' | 'recap',
  entries = ENTRIES,
  sep: ',' | ';' = ',',
): Promise<string[][]> {
  const x = exportStream(kind, 'csv', asAsync(entries), {
    now: NOW,
    separator: sep,
    reviews: latestReviewByEntry([]),
  });
  const text = new TextDecoder().decode(await readAll(x.body)); // strips the BOM
  return parseCsv(text, sep);
}

function unescapeXml(s: string): string {
  return s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#13;', '\r')
    .replaceAll('&amp;', '&');
}

/** Cells of a sheet as rows of text, by reading the sheet XML (inline strings and numbers). */
function sheetRows(xml: string): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const [, body] of xml.matchAll(/<row r="\d+">(.*?)<\/row>/gs)) {
    const row: (string | number)[] = [];
    for (const [, ref, attrs, inner] of body!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/gs)) {
      let col = 0;
      for (const ch of ref!) col = col * 26 + ch.charCodeAt(0) - 64;
      while (row.length < col - 1) row.push('');
      row.push(
        attrs!.includes('inlineStr')
          ? unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(inner!)![1]!)
          : Number(/<v>(.*)<\/v>/.exec(inner!)![1]),
      );
    }
    rows.push(row);
  }
  return rows;
}

async function xlsxSheet(kind: 'iid' | 'kipp' | 'recap', entries = ENTRIES) {
  const x = exportStream(kind, 'xlsx', asAsync(entries), { now: NOW });
  const files = unzipSync(await readAll(x.body));
  return strFromU8(files['xl/worksheets/sheet1.xml']!);
}

describe('formula injection', () => {
  it.each(DANGEROUS)('neutralises a text cell starting with %j', (s) => {
    expect(neutralise(s)).toBe(`'${s}`);
  });

  it.each([
    'Sosial Home Care',
    "'sudah",
    ' =spasi dulu',
    '5 hari',
    '',
    'a=b',
    '\n=1',
    '- butir',
    '+ Satpol PP',
  ])('leaves %j alone', (s) => {
    expect(neutralise(s)).toBe(s);
  });

  it('writes numbers as numbers and user text that looks like a number as text', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField('-5 hari')).toBe("'-5 hari");
    expect(csvField('-5')).toBe("'-5");
    // XLSX: an inline string is text whatever it looks like, so it is written as typed.
    expect(rowXml(2, [-5, '-5'])).toBe(
      `<row r="2"><c r="A2"><v>-5</v></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">-5</t></is></c></row>`,
    );
  });

  it('=HYPERLINK and every dangerous start come out inert in CSV, and as typed text in XLSX', async () => {
    const entries = DANGEROUS.map((s, i) =>
      entry(`e${i}`, { nama: s, opd: s, tujuan: s, anggaran: s, authorName: s }),
    );
    const csv = await csvRows('iid', entries);
    expect(csv).toHaveLength(DANGEROUS.length + 1);
    for (const row of csv.slice(1)) {
      for (const h of ['Nama Inovasi', 'Tujuan', 'Anggaran', 'OPD', 'Pengisi']) {
        const cell = String(row[col(h)]);
        expect(cell.startsWith("'"), `${h}: ${JSON.stringify(cell)}`).toBe(true);
        expect(DANGEROUS).toContain(cell.slice(1));
      }
    }
    const xlsx = sheetRows(await xlsxSheet('iid', entries));
    for (const row of xlsx.slice(1))
      for (const h of ['Nama Inovasi', 'Tujuan', 'Anggaran', 'OPD', 'Pengisi'])
        expect(DANGEROUS).toContain(String(row[col(h)]));
  });

  it('XLSX strips a control character in front and keeps the rest as an inline string', () => {
    expect(rowXml(2, ['\u0001=1+1'])).toBe(
      `<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c></row>`,
    );
  });
});

describe('CSV', () => {
  it('starts with the UTF-8 BOM and ends every record with CRLF', async () => {
    const bytes = await readAll(exportStream('iid', 'csv', asAsync(ENTRIES), { now: NOW }).body);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('quotes fields with ; , " CR or LF whatever the separator, doubling quotes', () => {
    for (const sep of [',', ';'] as const) {
      expect(csvRecord(['a;b', 'a,b', 'say "hi"', 'x\ny', 'x\ry', 'plain', 3, null], sep)).toBe(
        ['"a;b"', '"a,b"', '"say ""hi"""', '"x\ny"', '"x\ry"', 'plain', '3', ''].join(sep) + '\r\n',
      );
    }
  });

  it('IID columns follow the IID profile of DOMAIN.md, in form order', async () => {
    expect(IID_COLUMNS.map((c) => c.header)).toEqual(DOMAIN_IID_COLUMNS);
    expect((await csvRows('iid'))[0]).toEqual(DOMAIN_IID_COLUMNS);
    expect(sheetRows(await xlsxSheet('iid'))[0]).toEqual(DOMAIN_IID_COLUMNS);
  });

  it('reads back what was typed: apostrophes, emoji, Javanese, quotes, semicolons, line breaks', async () => {
    for (const sep of [',', ';'] as const) {
      const rows = await csvRows('iid', ENTRIES, sep);
      const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
      const sosial = byId.get('0190a000-0000-7000-8000-000000000001')!;
      expect(sosial[col('Tujuan')]).toBe('Lansia terlantar mendapat perawatan di rumah 👵🏼❤️');
      expect(sosial[col('Manfaat')]).toBe('Keluarga tidak perlu "mengantar" lansia ke panti; biaya turun.');
      expect(sosial[col('Hasil')]).toBe('120 lansia dilayani,\r\n30 kader terlatih');
      expect(sosial[col('Pengisi')]).toBe("Sri'ah Wulandari");
      expect(sosial[col('Waktu Penerapan')]).toBe('2020-01-06');
      expect(sosial[col('Nama Inisiator')]).toBe("Bu Sri'ah");
      expect(sosial[col('Urusan Beririsan')]).toBe('Kesehatan');
      expect(sosial[col('Status')]).toBe('Baru');
      const jago = byId.get('0190a000-0000-7000-8000-000000000003')!;
      expect(jago[col('Rancang Bangun dan Pokok Perubahan')]).toBe(
        'Warga jajan nang tonggo dhewe, ben dagangane bolo laris 🍢🍡',
      );
      expect(jago[col('Pengisi')]).toBe("Pak RT O'Neil");
      expect(rows.every((r) => r.length === DOMAIN_IID_COLUMNS.length)).toBe(true);
    }
  });

  it('leaves out deleted and merged entries and sorts by OPD then nama (Indonesian collation)', async () => {
    const extra = [
      entry('z1', { nama: 'zebra', opd: 'dinas sosial' }),
      entry('z2', { nama: 'Apel', opd: 'Dinas Sosial' }),
      entry('z3', { nama: 'Ápel 2', opd: 'Bapperinda' }),
    ];
    const rows = (await csvRows('iid', [...extra, ...ENTRIES].reverse())).slice(1);
    expect(rows.map((r) => `${r[col('OPD')]} / ${r[col('Nama Inovasi')]}`)).toEqual([
      'Bapperinda / Ápel 2',
      'Dinas Lingkungan Hidup / SIDOTI — Sistem Informasi Sedot Tinja Terintegrasi',
      'Dinas Sosial / Apel',
      'Dinas Sosial / Sosial Home Care Lanjut Usia',
      'dinas sosial / zebra',
      'DKPP / Ketawa si Ibu Penting Bro',
      'DPMPTSP / LAPIS MANIS — Lacak Peluang Investasi Aman dan Efisien Berbasis Web GIS',
      'DPMPTSP / Mal Pelayanan Publik di Blitar Square',
      'Kelurahan Bendogerit / JAGO SILO — Jajan Nonggo Nglarisi Bolo',
    ]);
    expect(
      rows.some((r) => r[col('Nama Inovasi')] === 'Dihapus' || r[col('Nama Inovasi')] === 'SIDOTI (dobel)'),
    ).toBe(false);
  });

  it('Status shows the latest live review in Indonesian, else Baru', async () => {
    const x = exportStream('iid', 'csv', asAsync(ENTRIES), {
      now: NOW,
      reviews: latestReviewByEntry(REVIEWS),
    });
    const rows = parseCsv(new TextDecoder().decode(await readAll(x.body)));
    const status = new Map(rows.slice(1).map((r) => [r[0], r[col('Status')]]));
    expect(status.get('0190a000-0000-7000-8000-000000000001')).toBe('Siap Diteruskan');
    expect(status.get('0190a000-0000-7000-8000-000000000005')).toBe('Perlu Dilengkapi');
    expect(status.get('0190a000-0000-7000-8000-000000000004')).toBe('Baru'); // its only review is deleted
  });

  it('Rancang Bangun joins the main text and the sub-parts under headings; its words are what readiness counts', () => {
    const f = {
      rancangBangun: ' Utama. ',
      rbDasarHukum: 'Perwali 1/2020',
      rbMetode: '',
      rbCaraKerja: 'Langkah 1',
    };
    expect(rancangBangunText(f)).toBe(
      'Utama.\n\nDasar Hukum:\nPerwali 1/2020\n\nCara Kerja (Tahapan) Inovasi:\nLangkah 1',
    );
    expect(rancangBangunText({ rbMetode: 'Hanya metode' })).toBe('Metode Pembaharuan:\nHanya metode');
    const sosial = ENTRIES[1]!.fields;
    expect(readiness(sosial).iid.missing.find((m) => m.field === 'rancangBangun')).toBeUndefined();
  });

  it('recap: numbers per OPD and a total row whose urusan count is distinct over all OPDs', async () => {
    const rows = await csvRows('recap');
    expect(rows[0]!.slice(0, 5)).toEqual(['OPD', 'Jumlah Inovasi', 'Inisiatif', 'Uji Coba', 'Penerapan']);
    const dpmptsp = rows.find((r) => r[0] === 'DPMPTSP')!;
    expect(dpmptsp.slice(1, 5)).toEqual(['2', '0', '0', '2']);
    const total = rows.at(-1)!;
    expect(total[0]).toBe('Total');
    expect(total[1]).toBe('6');
    const body = rows.slice(1, -1);
    for (let c = 1; c < 10; c++) expect(body.reduce((n, r) => n + Number(r[c]), 0)).toBe(Number(total[c]));
    expect(Number(total[10])).toBe(10);
  });
});

describe('XLSX', () => {
  it('escapes XML, strips characters illegal in XML 1.0, keeps CR, keeps _xHHHH_ literal', () => {
    expect(xmlEscape('a & b < c > "d"')).toBe('a &amp; b &lt; c &gt; &quot;d&quot;');
    expect(xmlEscape('x\u0000\u0001\u000B\u001F\uFFFE\uFFFFy\uD800z\t\n\r😀')).toBe('xyz\t\n&#13;😀');
    expect(rowXml(2, ['kode _x0041_ tetap'])).toContain('kode _x005F_x0041_ tetap');
  });

  it("cuts a cell at Excel's 32,767 characters with a visible marker, never inside an emoji", () => {
    const long = '😀'.repeat(20_000);
    const xml = rowXml(2, [long]);
    const t = unescapeXml(/<t[^>]*>(.*)<\/t>/s.exec(xml)![1]!);
    expect(t.length).toBeLessThanOrEqual(EXCEL_MAX_CELL_CHARS);
    expect(t.endsWith(TRUNCATED_MARK)).toBe(true);
    expect(t.slice(0, -TRUNCATED_MARK.length)).toMatch(/^(😀)+$/u);
    expect(rowXml(2, [panjang(500)])).not.toContain('terpotong');
  });

  it('is a valid zip: every entry deflated, with the CRC-32 and size of its content', async () => {
    const zip = await readAll(exportStream('iid', 'xlsx', asAsync(ENTRIES), { now: NOW }).body);
    const files = unzipSync(zip);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const eocd = zip.byteLength - 22; // no zip comment
    expect(view.getUint32(eocd, true)).toBe(0x06054b50);
    const count = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    expect(count).toBe(6);
    for (let i = 0; i < count; i++) {
      expect(view.getUint32(at, true)).toBe(0x02014b50);
      const method = view.getUint16(at + 10, true);
      const crc = view.getUint32(at + 16, true);
      const size = view.getUint32(at + 24, true);
      const nameLen = view.getUint16(at + 28, true);
      const name = strFromU8(zip.subarray(at + 46, at + 46 + nameLen));
      const content = files[name]!;
      expect({ name, method, crc, size }).toEqual({
        name,
        method: 8,
        crc: crc32(content),
        size: content.byteLength,
      });
      at += 46 + nameLen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
  });

  it('names columns like Excel', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  it('has a bold, frozen header row and column widths', async () => {
    const sheet = await xlsxSheet('iid');
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toMatch(/<c r="A1" t="inlineStr" s="1">/);
    expect(sheet).toContain('<col min="1" max="1" width="38" customWidth="1"/>');
    const rows = sheetRows(sheet);
    expect(rows).toHaveLength(7);
    expect(rows.slice(1).map((r) => r[1])).toEqual((await csvRows('iid')).slice(1).map((r) => r[1]));
  });

  it('writes recap counts as numeric cells', async () => {
    const rows = sheetRows(await xlsxSheet('recap'));
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['Total', 6]);
  });
});

describe('JSON dump', () => {
  it('holds every record of every table, tombstones included, and parses back', async () => {
    const x = jsonDump(
      { entries: asAsync(ENTRIES), reviews: asAsync(REVIEWS), comments: asAsync([]) },
      { now: NOW },
    );
    expect(x.contentType).toBe('application/json; charset=utf-8');
    expect(x.filename).toBe('lumbung-inovasi-2026-11-27.json');
    const dump = JSON.parse(new TextDecoder().decode(await readAll(x.body)));
    expect(dump).toEqual({
      format: 'lumbung-inovasi-dump',
      version: 1,
      exportedAt: NOW.toISOString(),
      tables: { entries: ENTRIES, reviews: REVIEWS, comments: [] },
    });
  });
});

describe('index helpers', () => {
  it('parses route names and refuses anything else', () => {
    expect(parseExportPath('iid.csv')).toEqual({ kind: 'iid', format: 'csv' });
    expect(parseExportPath('recap.xlsx')).toEqual({ kind: 'recap', format: 'xlsx' });
    for (const bad of ['iid.pdf', 'all.csv', 'iid', '../iid.csv', 'IID.CSV', 'iid.csv.exe'])
      expect(parseExportPath(bad)).toBeNull();
  });

  it('names files with the date in Asia/Jakarta', () => {
    expect(jakartaDate(new Date('2026-11-27T16:59:59Z'))).toBe('2026-11-27');
    expect(jakartaDate(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    const x = exportStream('recap', 'xlsx', asAsync([]), { now: new Date('2026-11-27T17:00:00Z') });
    expect(x.filename).toBe('rekap-opd-2026-11-28.xlsx');
    expect(x.contentDisposition).toBe('attachment; filename="rekap-opd-2026-11-28.xlsx"');
    expect(exportStream('iid', 'csv', asAsync([]), { now: NOW }).filename).toBe('iid-2026-11-27.csv');
  });

  it('picks the latest live review per entry', () => {
    const latest = latestReviewByEntry(REVIEWS);
    expect(latest.get('0190a000-0000-7000-8000-000000000001')?.id).toBe('r2');
    expect(latest.has('0190a000-0000-7000-8000-000000000004')).toBe(false);
  });

  it('an empty export is a header (CSV) or a valid sheet with only the header (XLSX)', async () => {
    expect(await csvRows('iid', [])).toEqual([DOMAIN_IID_COLUMNS]);
    expect(sheetRows(await xlsxSheet('kipp', []))).toHaveLength(1);
    expect(await csvRows('recap', [])).toHaveLength(2);
  });
});
