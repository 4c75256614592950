/**
 * What each export holds, column by column. The IID sheet follows DOMAIN.md "IID innovation
 * profile, in form order" field by field, so an office copies it into the IID form top to bottom
 * without looking for a column: OPD, narahubung (nama, WhatsApp), nama inovasi, tahapan,
 * inisiator, nama inisiator, jenis, bentuk, tematik, urusan utama, urusan beririsan, the three
 * dates, rancang bangun, tujuan, manfaat, hasil, anggaran; then our own bookkeeping (Status,
 * Pengisi, Siap Diunggah ke IID "Ya"/"Belum", Perkiraan Skor Indikator: Σ bobot × level of
 * the indicators with evidence). The entry ID comes first so a row can always be traced back.
 *
 * Values are read defensively from the stored fields (the server validated them on the way
 * in): a field of the wrong type is an empty cell, never a failed export.
 *
 * Decisions:
 *   - Rancang Bangun = the main text, then each filled sub-part under its heading
 *     ("Dasar Hukum:\n…"), blocks separated by a blank line.
 *   - Inisiator is the category (Kepala Daerah, OPD, …), Nama Inisiator the free text beside it.
 *   - Urusan Beririsan: the names joined with "; " (the IID form's multi-select, in the order
 *     chosen).
 *   - Dates are date cells (cells.ts): real dates in XLSX, ISO (or dd/mm/yyyy) text in CSV.
 *   - Status is the Indonesian label of the entry's latest review, "Baru" when it has none.
 *   - KIPP sheet: Judul, OPD, Tanggal Mulai Implementasi (waktu penerapan, else waktu uji
 *     coba), Kelompok, Asal Inovasi Replikasi (kelompok Replikasi), Kategori, SDGs (TPB names
 *     in goal order, joined with "; "), Link Video, then the sections in KIPP_SECTIONS order
 *     (Adaptabilitas as its two parts, "Sudah Direplikasi?" and "Potensi Replikasi"). Word-count columns are OFF by default (the sheet mirrors
 *     the proposal form, and the readiness checklist already reports limits); with
 *     `kippWordCounts` each section is followed by "<section> (jumlah kata)".
 *   - Recap: one row per OPD: total, counts per tahapan, per bentuk, per jenis, the number of
 *     distinct urusan (utama and beririsan together), then one column per urusan of DOMAIN.md
 *     counting the innovations with that urusan UTAMA (so each innovation is counted once and
 *     the urusan columns sum to the total). Every OPD of the Pemda's list has its row, zeros
 *     included, so the office sees who entered nothing; OPDs typed that are not on the list
 *     follow. Then a "Total" row over all OPDs whose distinct-urusan count is over all of them
 *     (so it is not the sum of that column).
 *   - Ranking: Nama, OPD, Skor (the score of the entry's latest review, 0–100), Tahun (the
 *     reporting year: tahunLaporan, else the year the entry was made in Asia/Jakarta), highest
 *     score first; entries
 *     not scored yet follow, with an empty Skor.
 */
import {
  BENTUK,
  JENIS,
  KIPP_SECTIONS,
  RANCANG_BANGUN_PARTS,
  REVIEW_STATUS,
  TAHAPAN,
  TPB,
  URUSAN,
  countWords,
  iidUploadStatus,
  reportingYear,
  type FieldValue,
  type RecordDoc,
} from '../../core/index.ts';
import type { Cell, DateCell } from './cells.ts';

export type ExportKind = 'iid' | 'kipp' | 'recap' | 'ranking';
export const EXPORT_KINDS = ['iid', 'kipp', 'recap', 'ranking'] as const satisfies readonly ExportKind[];

type Fields = Readonly<Record<string, FieldValue | undefined>>;

/** One entry as the sheets see it. */
export interface EntryRow {
  id: string;
  fields: Fields;
  /** The latest review of the entry, if any. */
  review?: RecordDoc | undefined;
  /** What the entry's live evidence files are for (indicator keys, `upload:<name>`). */
  evidence?: readonly string[] | undefined;
}

/** The IID readiness of a row (core/indicator-fields.ts iidUploadStatus). */
function uploadStatus(r: EntryRow) {
  return iidUploadStatus(
    r.fields,
    (r.evidence ?? []).map((evidenceFor) => ({ evidenceFor })),
  );
}

export interface Column<R> {
  header: string;
  /** Width in Excel character units (XLSX only). */
  width: number;
  /** Long text, wrapped in its cell (XLSX only). */
  wrap?: boolean;
  value: (row: R) => Cell;
}

export function text(fields: Fields, key: string): string {
  const v = fields[key];
  return typeof v === 'string' ? v : '';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The field as a date cell; empty (null) when unset or not an ISO date. */
function date(fields: Fields, key: string): DateCell | null {
  const v = text(fields, key);
  return ISO_DATE.test(v) ? { date: v } : null;
}

function list(fields: Fields, key: string): string {
  const v = fields[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '').join('; ') : '';
}

/** Entries that belong in an office sheet: not deleted, not merged into another entry. */
export function isExportable(doc: RecordDoc): boolean {
  return doc.table === 'entries' && doc.fields.deleted !== true && !doc.fields.mergedInto;
}

export const RANCANG_BANGUN_HEADINGS: Record<(typeof RANCANG_BANGUN_PARTS)[number], string> = {
  rbDasarHukum: 'Dasar Hukum',
  rbPermasalahan: 'Permasalahan',
  rbIsuStrategis: 'Isu Strategis',
  rbMetode: 'Metode Pembaharuan',
  rbKeunggulan: 'Keunggulan dan Kebaruan',
  rbCaraKerja: 'Cara Kerja (Tahapan) Inovasi',
};

/** The main text plus the filled sub-parts, each under its heading. */
export function rancangBangunText(fields: Fields): string {
  const blocks: string[] = [];
  const main = text(fields, 'rancangBangun').trim();
  if (main) blocks.push(main);
  for (const part of RANCANG_BANGUN_PARTS) {
    const body = text(fields, part).trim();
    if (body) blocks.push(`${RANCANG_BANGUN_HEADINGS[part]}:\n${body}`);
  }
  return blocks.join('\n\n');
}

export const REVIEW_STATUS_LABEL: Record<(typeof REVIEW_STATUS)[number], string> = {
  baru: 'Baru',
  perlu_dilengkapi: 'Perlu Dilengkapi',
  siap_diteruskan: 'Siap Diteruskan',
  ditolak: 'Ditolak',
};

export function statusLabel(review: RecordDoc | undefined): string {
  if (!review || review.fields.deleted === true) return REVIEW_STATUS_LABEL.baru;
  const s = review.fields.status;
  return typeof s === 'string' && Object.hasOwn(REVIEW_STATUS_LABEL, s)
    ? REVIEW_STATUS_LABEL[s as keyof typeof REVIEW_STATUS_LABEL]
    : REVIEW_STATUS_LABEL.baru;
}

/** SDG numbers → TPB names in goal order. */
export function sdgNames(fields: Fields): string {
  const v = fields.sdgs;
  if (!Array.isArray(v)) return '';
  const goals = v.filter(
    (n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 17,
  );
  return [...new Set(goals)]
    .sort((a, b) => a - b)
    .map((n) => TPB[n - 1])
    .join('; ');
}

const field =
  (key: string) =>
  (r: EntryRow): Cell =>
    text(r.fields, key);

/** The IID sheet: the profile in the IID form's order (DOMAIN.md), then Status and Pengisi. */
export const IID_COLUMNS: readonly Column<EntryRow>[] = [
  { header: 'ID', width: 38, value: (r) => r.id },
  { header: 'OPD', width: 32, wrap: true, value: field('opd') },
  { header: 'Nama Narahubung', width: 24, wrap: true, value: field('cpNama') },
  { header: 'WhatsApp Narahubung', width: 18, value: field('cpWhatsapp') },
  { header: 'Nama Inovasi', width: 40, wrap: true, value: field('nama') },
  { header: 'Tahapan', width: 12, value: field('tahapan') },
  { header: 'Inisiator', width: 16, value: field('inisiator') },
  { header: 'Nama Inisiator', width: 24, wrap: true, value: field('namaInisiator') },
  { header: 'Jenis', width: 12, value: field('jenis') },
  { header: 'Bentuk', width: 40, wrap: true, value: field('bentuk') },
  { header: 'Tematik', width: 32, wrap: true, value: field('tematik') },
  { header: 'Urusan Utama', width: 32, wrap: true, value: field('urusanUtama') },
  { header: 'Urusan Beririsan', width: 40, wrap: true, value: (r) => list(r.fields, 'urusanBeririsan') },
  { header: 'Waktu Inisiasi', width: 14, value: (r) => date(r.fields, 'waktuInisiasi') },
  { header: 'Waktu Uji Coba', width: 14, value: (r) => date(r.fields, 'waktuUjiCoba') },
  { header: 'Waktu Penerapan', width: 14, value: (r) => date(r.fields, 'waktuPenerapan') },
  {
    header: 'Rancang Bangun dan Pokok Perubahan',
    width: 80,
    wrap: true,
    value: (r) => rancangBangunText(r.fields),
  },
  { header: 'Tujuan', width: 50, wrap: true, value: field('tujuan') },
  { header: 'Manfaat', width: 50, wrap: true, value: field('manfaat') },
  { header: 'Hasil', width: 50, wrap: true, value: field('hasil') },
  { header: 'Anggaran', width: 24, wrap: true, value: field('anggaran') },
  { header: 'Status', width: 18, value: (r) => statusLabel(r.review) },
  { header: 'Pengisi', width: 24, wrap: true, value: field('authorName') },
  // Profile complete + the five mandatory indicators with evidence + the uploads (indicators.ts).
  { header: 'Siap Diunggah ke IID', width: 12, value: (r) => (uploadStatus(r).ready ? 'Ya' : 'Belum') },
  { header: 'Perkiraan Skor Indikator', width: 12, value: (r) => uploadStatus(r).estimate.score },
];

export function kippColumns(wordCounts = false): readonly Column<EntryRow>[] {
  const head: Column<EntryRow>[] = [
    { header: 'Judul', width: 40, wrap: true, value: field('nama') },
    { header: 'OPD', width: 32, wrap: true, value: field('opd') },
    {
      header: 'Tanggal Mulai Implementasi',
      width: 15,
      value: (r) => date(r.fields, 'waktuPenerapan') ?? date(r.fields, 'waktuUjiCoba'),
    },
    { header: 'Kelompok', width: 12, value: field('kippKelompok') },
    { header: 'Asal Inovasi Replikasi', width: 30, wrap: true, value: field('kippAsalReplikasi') },
    { header: 'Kategori', width: 30, wrap: true, value: field('kippKategori') },
    { header: 'SDGs', width: 40, wrap: true, value: (r) => sdgNames(r.fields) },
    { header: 'Link Video', width: 30, value: field('kippVideo') },
  ];
  for (const s of KIPP_SECTIONS) {
    head.push({ header: s.label, width: 60, wrap: true, value: field(s.key) });
    if (wordCounts)
      head.push({
        header: `${s.label} (jumlah kata)`,
        width: 10,
        value: (r) => countWords(text(r.fields, s.key)),
      });
  }
  return head;
}

/** Counts of one OPD (or of all of them, for the total row). */
export interface RecapCounts {
  opd: string;
  total: number;
  tahapan: Record<string, number>;
  bentuk: Record<string, number>;
  jenis: Record<string, number>;
  /** Innovations per urusan utama. */
  urusanUtama: Record<string, number>;
  /** Distinct urusan, utama and beririsan together. */
  urusan: Set<string>;
}

export function emptyCounts(opd: string): RecapCounts {
  return { opd, total: 0, tahapan: {}, bentuk: {}, jenis: {}, urusanUtama: {}, urusan: new Set() };
}

const bump = (m: Record<string, number>, k: string) => {
  if (k) m[k] = (m[k] ?? 0) + 1;
};

export function addToCounts(c: RecapCounts, fields: Fields): void {
  c.total += 1;
  bump(c.tahapan, text(fields, 'tahapan'));
  bump(c.bentuk, text(fields, 'bentuk'));
  bump(c.jenis, text(fields, 'jenis'));
  const utama = text(fields, 'urusanUtama');
  bump(c.urusanUtama, utama);
  if (utama) c.urusan.add(utama);
  const beririsan = fields.urusanBeririsan;
  if (Array.isArray(beririsan)) for (const u of beririsan) if (typeof u === 'string' && u) c.urusan.add(u);
}

export const RECAP_TOTAL_LABEL = 'Total';
export const RECAP_NO_OPD_LABEL = '(tanpa OPD)';

export const RECAP_COLUMNS: readonly Column<RecapCounts>[] = [
  { header: 'OPD', width: 40, value: (c) => c.opd },
  { header: 'Jumlah Inovasi', width: 14, value: (c) => c.total },
  ...TAHAPAN.map((t) => ({ header: t, width: 12, value: (c: RecapCounts) => c.tahapan[t] ?? 0 })),
  ...BENTUK.map((b) => ({ header: b, width: 24, value: (c: RecapCounts) => c.bentuk[b] ?? 0 })),
  ...JENIS.map((j) => ({ header: j, width: 12, value: (c: RecapCounts) => c.jenis[j] ?? 0 })),
  { header: 'Jumlah Urusan', width: 14, value: (c) => c.urusan.size },
  ...URUSAN.map((u) => ({
    header: `Urusan Utama: ${u}`,
    width: 16,
    value: (c: RecapCounts) => c.urusanUtama[u] ?? 0,
  })),
];

/** One row of the ranking. */
export interface RankingRow {
  nama: string;
  opd: string;
  skor: number | null;
  tahun: number | null;
}

export const RANKING_COLUMNS: readonly Column<RankingRow>[] = [
  { header: 'Nama', width: 48, wrap: true, value: (r) => r.nama },
  { header: 'OPD', width: 32, wrap: true, value: (r) => r.opd },
  { header: 'Skor', width: 8, value: (r) => r.skor },
  { header: 'Tahun', width: 8, value: (r) => r.tahun },
];

/** The score of the latest live review (0–100), null when none. */
export function reviewScore(review: RecordDoc | undefined): number | null {
  if (!review || review.fields.deleted === true) return null;
  const s = review.fields.score;
  return typeof s === 'number' && Number.isFinite(s) ? s : null;
}

/** The entry's reporting year (core/cycle.ts): the office's tahunLaporan, else the year it
 * was made in Asia/Jakarta. */
export function entryYear(fields: Fields): number | null {
  return reportingYear(fields);
}

export const SHEET_NAMES: Record<ExportKind, string> = {
  iid: 'Profil IID',
  kipp: 'KIPP',
  recap: 'Rekap per OPD',
  ranking: 'Peringkat',
};
