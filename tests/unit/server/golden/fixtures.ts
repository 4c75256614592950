/**
 * Sample data for the export tests, from DOMAIN.md's Kota Blitar examples, made awkward on
 * purpose: apostrophes, emoji, Javanese words, long Indonesian text, line breaks, quotes and
 * semicolons inside cells, formula-looking text. Plus a deleted and a merged entry that must
 * not appear, and reviews for the Status column. Also a tiny RFC 4180 parser to read CSV back.
 */
import type { FieldValue, RecordDoc } from '../../../../src/core/index.ts';

/** 27/11/2026 10:00 in Jakarta. */
export const NOW = new Date('2026-11-27T03:00:00.000Z');

const KALIMAT = [
  'Pelayanan kepada lanjut usia dilakukan langsung di rumah warga oleh pendamping yang terlatih.',
  'Petugas mencatat kebutuhan setiap lansia, lalu menyusun jadwal kunjungan bersama puskesmas dan kelurahan.',
  'Inovasi ini lahir dari keluhan keluarga yang kesulitan membawa orang tua ke fasilitas kesehatan.',
  'Monggo, sedaya warga saged nyuwun pitulungan lewat WhatsApp; petugas mbalesi kanthi cepet.',
  'Setiap bulan hasilnya dievaluasi dalam rapat koordinasi lintas perangkat daerah.',
];

/** A deterministic long Indonesian text of about `words` words. */
export function panjang(words: number): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < words; i++) {
    const s = KALIMAT[i % KALIMAT.length]!;
    out.push(s);
    n += s.split(' ').length;
  }
  return out.join(' ');
}

export function entry(id: string, fields: Record<string, FieldValue>): RecordDoc {
  return {
    table: 'entries',
    id,
    fields: { deleted: false, mergedInto: null, ...fields },
    stamps: {},
    bases: {},
  };
}

export function review(
  id: string,
  entryId: string,
  status: string,
  createdAt: number,
  deleted = false,
  score?: number,
): RecordDoc {
  return {
    table: 'reviews',
    id,
    fields: {
      entryId,
      status,
      createdAt,
      deleted,
      reviewerName: 'Fasilitator',
      notes: '',
      ...(score === undefined ? {} : { score }),
    },
    stamps: {},
    bases: {},
  };
}

export const ENTRIES: RecordDoc[] = [
  entry('0190a000-0000-7000-8000-000000000005', {
    nama: 'SIDOTI — Sistem Informasi Sedot Tinja Terintegrasi',
    opd: 'Dinas Lingkungan Hidup',
    tahapan: 'Uji Coba',
    inisiator: 'OPD',
    namaInisiator: 'Kepala DLH',
    jenis: 'Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    tematik: 'Digitalisasi Layanan Pemerintahan',
    urusanUtama: 'Lingkungan Hidup',
    urusanBeririsan: ['Kesehatan', 'Pekerjaan Umum dan Penataan Ruang'],
    rancangBangun:
      'Pesan sedot tinja lewat aplikasi; armada dijadwalkan otomatis.\nTarif: Rp 150.000 "sekali sedot".',
    rbPermasalahan: 'Antrean panjang, warga menunggu 2–3 minggu.',
    tujuan: '-5 hari waktu tunggu',
    manfaat: '+ lingkungan lebih bersih',
    hasil: '@dlh_blitar melayani 1.200 rumah',
    waktuInisiasi: '2022-02-01',
    waktuUjiCoba: '2022-08-17',
    waktuPenerapan: null,
    anggaran: '=1+1',
    authorName: 'Bambang',
    kippKelompok: 'Umum',
    kippKategori: 'Perlindungan dan Pelestarian Lingkungan Hidup',
    sdgs: [6, 11],
    kippRingkasan: 'Layanan sedot tinja terjadwal 🚛',
  }),
  entry('0190a000-0000-7000-8000-000000000001', {
    nama: 'Sosial Home Care Lanjut Usia',
    opd: 'Dinas Sosial',
    tahapan: 'Penerapan',
    inisiator: 'OPD',
    namaInisiator: "Bu Sri'ah",
    jenis: 'Non Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    tematik: 'Penanggulangan Kemiskinan',
    urusanUtama: 'Sosial',
    urusanBeririsan: ['Kesehatan'],
    rancangBangun: panjang(320),
    rbDasarHukum: 'UU 13/1998 tentang Kesejahteraan Lanjut Usia; Perda Kota Blitar',
    rbCaraKerja: '1. Pendataan lansia\n2. Kunjungan rumah\n3. Evaluasi bulanan',
    tujuan: 'Lansia terlantar mendapat perawatan di rumah 👵🏼❤️',
    manfaat: 'Keluarga tidak perlu "mengantar" lansia ke panti; biaya turun.',
    hasil: '120 lansia dilayani,\r\n30 kader terlatih',
    waktuInisiasi: '2019-03-01',
    waktuUjiCoba: '2019-07-01',
    waktuPenerapan: '2020-01-06',
    anggaran: 'Rp 250.000.000 (APBD 2020)',
    authorName: "Sri'ah Wulandari",
    kippKelompok: 'Umum',
    kippKategori: 'Kesehatan',
    sdgs: [3, 1, 10],
    kippRingkasan: panjang(60),
    kippLatarBelakang: 'Banyak lansia hidup sendiri.',
    kippKebaruan: 'Layanan datang ke rumah, bukan sebaliknya.',
  }),
  entry('0190a000-0000-7000-8000-000000000002', {
    nama: 'LAPIS MANIS — Lacak Peluang Investasi Aman dan Efisien Berbasis Web GIS',
    opd: 'DPMPTSP',
    tahapan: 'Penerapan',
    inisiator: 'Kepala Daerah',
    jenis: 'Digital',
    bentuk: 'Inovasi Tata Kelola Pemerintahan Daerah',
    tematik: 'Kemudahan Investasi',
    urusanUtama: 'Penanaman Modal',
    urusanBeririsan: [],
    rancangBangun: 'Peta peluang investasi; data lahan, perizinan, dan insentif dalam satu web GIS.',
    tujuan: 'Investor menemukan lahan yang cocok, tanpa datang ke kantor.',
    manfaat: 'Perizinan lebih cepat',
    hasil: '',
    waktuInisiasi: '2020-05-20',
    waktuPenerapan: '2021-02-01',
    anggaran: '',
    authorName: 'Tim DPMPTSP',
    sdgs: [8, 9],
  }),
  entry('0190a000-0000-7000-8000-000000000003', {
    nama: 'JAGO SILO — Jajan Nonggo Nglarisi Bolo',
    opd: 'Kelurahan Bendogerit',
    tahapan: 'Inisiatif',
    inisiator: 'Masyarakat',
    jenis: 'Non Digital',
    bentuk: 'Inovasi Daerah lainnya sesuai Urusan Pemerintahan yang menjadi kewenangan Daerah',
    tematik: 'Penanggulangan Kemiskinan',
    urusanUtama: 'Koperasi, Usaha Kecil dan Menengah',
    urusanBeririsan: ['Pemberdayaan Masyarakat dan Desa'],
    rancangBangun: 'Warga jajan nang tonggo dhewe, ben dagangane bolo laris 🍢🍡',
    tujuan: '\tmenggerakkan UMKM kampung',
    manfaat: 'Ekonomi kampung muter',
    hasil: '\rpasar kaget tiap Minggu',
    waktuInisiasi: '2024-06-01',
    authorName: "Pak RT O'Neil",
  }),
  entry('0190a000-0000-7000-8000-000000000004', {
    nama: 'Ketawa si Ibu Penting Bro',
    opd: 'DKPP',
    tahapan: 'Uji Coba',
    inisiator: 'ASN',
    namaInisiator: 'drh. Wahyu',
    jenis: 'Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    tematik: 'Non Tematik',
    urusanUtama: 'Pertanian',
    urusanBeririsan: ['Pangan'],
    rancangBangun:
      'Peternak kirim WhatsApp; petugas datang untuk inseminasi buatan dan pemeriksaan kebuntingan.',
    tujuan: 'Angka kebuntingan sapi naik',
    manfaat: 'Peternak hemat waktu',
    hasil: '=HYPERLINK("http://x","klik")',
    waktuUjiCoba: '2023-01-09',
    anggaran: '@SUM(A1:A9)',
    authorName: 'Wahyu',
    kippKelompok: 'Replikasi',
    kippAsalReplikasi: 'SIDOTI, Kabupaten Blitar (2021)',
    kippKategori: 'Ketahanan Pangan',
    sdgs: [2],
  }),
  entry('0190a000-0000-7000-8000-000000000006', {
    nama: 'Mal Pelayanan Publik di Blitar Square',
    opd: 'DPMPTSP',
    tahapan: 'Penerapan',
    jenis: 'Non Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    urusanUtama: 'Penanaman Modal',
    urusanBeririsan: ['Administrasi Kependudukan dan Pencatatan Sipil'],
    waktuPenerapan: '2022-12-12',
    authorName: 'Tim DPMPTSP',
  }),
  // Not in any sheet: deleted, and merged into SIDOTI as a duplicate.
  entry('0190a000-0000-7000-8000-000000000007', {
    nama: 'Dihapus',
    opd: 'DKPP',
    tahapan: 'Inisiatif',
    deleted: true,
  }),
  entry('0190a000-0000-7000-8000-000000000008', {
    nama: 'SIDOTI (dobel)',
    opd: 'Dinas Lingkungan Hidup',
    tahapan: 'Inisiatif',
    mergedInto: '0190a000-0000-7000-8000-000000000005',
  }),
];

export const REVIEWS: RecordDoc[] = [
  review('r1', '0190a000-0000-7000-8000-000000000001', 'perlu_dilengkapi', 1_000),
  review('r2', '0190a000-0000-7000-8000-000000000001', 'siap_diteruskan', 2_000, false, 85),
  review('r3', '0190a000-0000-7000-8000-000000000004', 'ditolak', 3_000, true),
  review('r4', '0190a000-0000-7000-8000-000000000005', 'perlu_dilengkapi', 1_500, false, 70),
];

export async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const x of items) yield x;
}

export async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** RFC 4180 records (quoted fields may hold separators, quotes and line breaks). Strict: a
 * bare quote, CR or LF in an unquoted field, or a missing final CRLF, throws. */
export function parseCsv(text: string, sep = ','): string[][] {
  const esc = sep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const field = new RegExp(`(?:"((?:[^"]+|"")*)"|([^"${esc}\\r\\n]*))(${esc}|\\r\\n)`, 'y');
  const rows: string[][] = [];
  let row: string[] = [];
  while (field.lastIndex < text.length) {
    const at = field.lastIndex;
    const m = field.exec(text);
    if (!m) throw new Error(`CSV: malformed field at ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    row.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!);
    if (m[3] === '\r\n') {
      rows.push(row);
      row = [];
    }
  }
  if (row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** The chunks of a web stream, one by one, as a reader pulls them. */
export async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** One entry with EVERY field of the IID profile and of the KIPP proposal filled with a value of
 * its own, so a test can find each one in its column (and notice one that went missing). Its
 * texts start the way offices write: a bulleted tujuan, an OPD named "+Satpol PP". */
export const GOLDEN_ID = '0190a000-0000-7000-8000-0000000000aa';
export const GOLDEN_FIELDS = {
  workshopId: 'w-golden',
  nama: 'SAPA MAS WALI — Sambat Pelayanan Masyarakat lewat WhatsApp',
  opd: '+ Satpol PP',
  cpNama: "Dwi Nur'aini",
  cpWhatsapp: '6285712345678',
  tahapan: 'Penerapan',
  inisiator: 'Kepala Daerah',
  namaInisiator: 'Wali Kota Blitar',
  jenis: 'Digital',
  bentuk: 'Inovasi Pelayanan Publik',
  tematik: 'Digitalisasi Layanan Pemerintahan',
  urusanUtama: 'Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat',
  urusanBeririsan: ['Komunikasi dan Informatika', 'Sosial'],
  waktuInisiasi: '2021-01-04',
  waktuUjiCoba: '2021-03-15',
  waktuPenerapan: '2021-12-31',
  rancangBangun: 'Warga mengadu lewat WhatsApp; aduan diteruskan ke OPD.',
  rbDasarHukum: 'Perwali Blitar 12/2021',
  rbPermasalahan: 'Aduan tercecer di banyak kanal.',
  rbIsuStrategis: 'Kepercayaan publik.',
  rbMetode: 'Satu nomor untuk semua aduan.',
  rbKeunggulan: 'Dibalas dalam 1×24 jam.',
  rbCaraKerja: '1. Warga kirim pesan\n2. Admin memilah\n3. OPD menjawab',
  tujuan: '- aduan tertangani\n- warga puas',
  manfaat: '+ kepercayaan warga naik',
  hasil: '2.345 aduan selesai',
  anggaran: 'Rp 75.000.000 (APBD 2021)',
  authorName: 'Pengisi Emas',
  kippKelompok: 'Khusus',
  kippAsalReplikasi: 'Asal replikasi emas.',
  kippKategori: 'Tata Kelola Pemerintahan',
  kippVideo: 'https://youtu.be/emas123',
  sdgs: [16, 17],
  kippRingkasan: 'Ringkasan emas.',
  kippLatarBelakang: 'Latar belakang emas.',
  kippKebaruan: 'Kebaruan emas.',
  kippImplementasi: 'Implementasi emas.',
  kippSignifikansi: 'Signifikansi emas.',
  kippSudahDireplikasi: 'Sudah direplikasi emas.',
  kippAdaptabilitas: 'Potensi replikasi emas.',
  kippSumberDaya: 'Sumber daya emas.',
  kippKeberlanjutan: 'Keberlanjutan emas.',
  createdAt: Date.UTC(2026, 10, 26, 18, 0, 0), // 27/11/2026 01:00 in Jakarta
} satisfies Record<string, FieldValue>;
export const GOLDEN_ENTRY = entry(GOLDEN_ID, GOLDEN_FIELDS);
