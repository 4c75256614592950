/**
 * What each export holds, column by column. Names and order of the IID sheet are exactly those
 * of DOMAIN.md "Exports that offices already use"; offices paste them into the national
 * systems and compare them with the sheets of other regions.
 *
 * Values are read defensively from the stored fields (the server validated them on the way
 * in): a field of the wrong type is an empty cell, never a failed export.
 *
 * Decisions:
 *   - Rancang Bangun = the main text, then each filled sub-part under its heading
 *     ("Dasar Hukum:\n…"), blocks separated by a blank line.
 *   - Inisiator is the category (Kepala Daerah, OPD, …); the free-text nama inisiator is not a
 *     column of the office sheet (it is in the JSON dump).
 *   - Status is the Indonesian label of the entry's latest review, "Baru" when it has none.
 *   - KIPP sheet: Judul, OPD, Tanggal Mulai Implementasi (waktu penerapan, else waktu uji
 *     coba), Kelompok, Kategori, SDGs (TPB names in goal order, joined with "; "), then the eight
 *     sections in KIPP_SECTIONS order. Word-count columns are OFF by default (the sheet mirrors
 *     the proposal form, and the readiness checklist already reports limits); with
 *     `kippWordCounts` each section is followed by "<section> (jumlah kata)".
 *   - Recap: one row per OPD: total, counts per tahapan, per bentuk, per jenis, and the number
 *     of distinct urusan (utama and beririsan together); then a "Total" row over all OPDs whose
 *     urusan count is distinct over all of them (so it is not the sum of the column).
 */
import {
  BENTUK,
  JENIS,
  KIPP_SECTIONS,
  RANCANG_BANGUN_PARTS,
  REVIEW_STATUS,
  TAHAPAN,
  TPB,
  countWords,
  isoToDmy,
  type FieldValue,
  type RecordDoc,
} from '../../core/index.ts';
import type { Cell } from './cells.ts';

export type ExportKind = 'iid' | 'kipp' | 'recap';
export const EXPORT_KINDS = ['iid', 'kipp', 'recap'] as const satisfies readonly ExportKind[];

type Fields = Readonly<Record<string, FieldValue | undefined>>;

/** One entry as the sheets see it. */
export interface EntryRow {
  id: string;
  fields: Fields;
  /** The latest review of the entry, if any. */
  review?: RecordDoc | undefined;
}

export interface Column<R> {
  header: string;
  /** Width in Excel character units (XLSX only). */
  width: number;
  value: (row: R) => Cell;
}

export function text(fields: Fields, key: string): string {
  const v = fields[key];
  return typeof v === 'string' ? v : '';
}

function date(fields: Fields, key: string): string {
  const v = text(fields, key);
  return v ? isoToDmy(v) : '';
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

export const IID_COLUMNS: readonly Column<EntryRow>[] = [
  { header: 'ID', width: 38, value: (r) => r.id },
  { header: 'Nama', width: 40, value: field('nama') },
  { header: 'Rancang Bangun', width: 80, value: (r) => rancangBangunText(r.fields) },
  { header: 'Tujuan', width: 50, value: field('tujuan') },
  { header: 'Manfaat', width: 50, value: field('manfaat') },
  { header: 'Hasil', width: 50, value: field('hasil') },
  { header: 'Waktu Uji Coba', width: 15, value: (r) => date(r.fields, 'waktuUjiCoba') },
  { header: 'Waktu Penerapan', width: 15, value: (r) => date(r.fields, 'waktuPenerapan') },
  { header: 'Anggaran', width: 24, value: field('anggaran') },
  { header: 'Status', width: 18, value: (r) => statusLabel(r.review) },
  { header: 'Bentuk', width: 40, value: field('bentuk') },
  { header: 'Jenis', width: 12, value: field('jenis') },
  { header: 'OPD', width: 32, value: field('opd') },
  { header: 'Pengisi', width: 24, value: field('authorName') },
  { header: 'Tematik', width: 32, value: field('tematik') },
  { header: 'Tahapan', width: 12, value: field('tahapan') },
  { header: 'Inisiator', width: 16, value: field('inisiator') },
];

export function kippColumns(wordCounts = false): readonly Column<EntryRow>[] {
  const head: Column<EntryRow>[] = [
    { header: 'Judul', width: 40, value: field('nama') },
    { header: 'OPD', width: 32, value: field('opd') },
    {
      header: 'Tanggal Mulai Implementasi',
      width: 15,
      value: (r) => date(r.fields, 'waktuPenerapan') || date(r.fields, 'waktuUjiCoba'),
    },
    { header: 'Kelompok', width: 12, value: field('kippKelompok') },
    { header: 'Kategori', width: 30, value: field('kippKategori') },
    { header: 'SDGs', width: 40, value: (r) => sdgNames(r.fields) },
  ];
  for (const s of KIPP_SECTIONS) {
    head.push({ header: s.label, width: 60, value: field(s.key) });
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
  urusan: Set<string>;
}

export function emptyCounts(opd: string): RecapCounts {
  return { opd, total: 0, tahapan: {}, bentuk: {}, jenis: {}, urusan: new Set() };
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
];

export const SHEET_NAMES: Record<ExportKind, string> = {
  iid: 'Profil IID',
  kipp: 'KIPP',
  recap: 'Rekap per OPD',
};
