/**
 * What each export holds, column by column. The IID sheet follows DOMAIN.md "IID innovation
 * profile, in form order" field by field, so an office copies it into the IID form top to bottom
 * without looking for a column: OPD, narahubung (nama, WhatsApp), nama inovasi, tahapan,
 * inisiator, nama inisiator, jenis, bentuk, tematik, urusan utama, urusan beririsan, the three
 * dates, rancang bangun, tujuan, manfaat, hasil, anggaran; then our own bookkeeping (Status,
 * Pengisi, Siap Diunggah ke IID "Ya"/"Belum", Perkiraan Skor Indikator: Σ bobot × level of
 * the indicators with evidence). The entry ID comes first so a row can always be traced back.
 * The heading, width and column of each entry field are in its row of core/entry-fields.ts;
 * this file adds the sheets' own columns and how each cell is made.
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
  ENTRY_FIELDS,
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
  type EntryField,
  type EntryFieldSpec,
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

/** The main text plus the filled sub-parts, each under its heading (entry-fields.ts). */
export function rancangBangunText(fields: Fields): string {
  const blocks: string[] = [];
  const main = text(fields, 'rancangBangun').trim();
  if (main) blocks.push(main);
  for (const part of RANCANG_BANGUN_PARTS) {
    const body = text(fields, part).trim();
    const heading: string | undefined = (ENTRY_FIELDS[part] as EntryFieldSpec).rancangBangunPart;
    if (body) blocks.push(`${heading}:\n${body}`);
  }
  return blocks.join('\n\n');
}

const REVIEW_STATUS_LABEL: Record<(typeof REVIEW_STATUS)[number], string> = {
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

/**
 * A field's cell by its kind (entry-fields.ts): a date cell for a date, a list joined with "; ",
 * the text otherwise; `special` gives the fields whose cell is made from more than their value.
 */
function fieldCell(key: EntryField, special: Partial<Record<EntryField, (r: EntryRow) => Cell>>) {
  const own = special[key];
  if (own) return own;
  const kind = ENTRY_FIELDS[key].kind;
  if (kind === 'date') return (r: EntryRow): Cell => date(r.fields, key);
  if (kind === 'list') return (r: EntryRow): Cell => list(r.fields, key);
  return (r: EntryRow): Cell => text(r.fields, key);
}

/**
 * One sheet's columns: the entry fields that have a column in it (their `col`, header and width
 * in entry-fields.ts) and the sheet's own columns at their `col`, in column order. Throws when
 * two claim one column or a column is left out, so a table edit cannot shift a sheet silently.
 */
function sheetColumns(
  sheet: 'iid' | 'kipp',
  own: readonly (Column<EntryRow> & { col: number })[],
  special: Partial<Record<EntryField, (r: EntryRow) => Cell>> = {},
): Column<EntryRow>[] {
  const placed: (Column<EntryRow> & { col: number })[] = [...own];
  for (const [key, spec] of Object.entries(ENTRY_FIELDS) as [EntryField, EntryFieldSpec][]) {
    const at = spec[sheet];
    if (!at) continue;
    const c: Column<EntryRow> & { col: number } = {
      col: at.col,
      header: at.header,
      width: at.width,
      value: fieldCell(key, special),
    };
    if (at.wrap) c.wrap = true;
    placed.push(c);
  }
  placed.sort((a, b) => a.col - b.col);
  placed.forEach((c, i) => {
    if (c.col !== i) throw new Error(`${sheet} sheet: column ${i} is ${c.col} (${c.header})`);
  });
  return placed.map(({ col: _col, ...c }) => c);
}

/** The IID sheet: the profile in the IID form's order (DOMAIN.md), then Status and Pengisi. */
export const IID_COLUMNS: readonly Column<EntryRow>[] = sheetColumns(
  'iid',
  [
    { col: 0, header: 'ID', width: 38, value: (r) => r.id },
    { col: 21, header: 'Status', width: 18, value: (r) => statusLabel(r.review) },
    // Profile complete + the five mandatory indicators with evidence + the uploads (indicators.ts).
    {
      col: 23,
      header: 'Siap Diunggah ke IID',
      width: 12,
      value: (r) => (uploadStatus(r).ready ? 'Ya' : 'Belum'),
    },
    { col: 24, header: 'Perkiraan Skor Indikator', width: 12, value: (r) => uploadStatus(r).estimate.score },
  ],
  { rancangBangun: (r) => rancangBangunText(r.fields) },
);

const KIPP_HEAD = sheetColumns(
  'kipp',
  [
    {
      col: 2,
      header: 'Tanggal Mulai Implementasi',
      width: 15,
      value: (r) => date(r.fields, 'waktuPenerapan') ?? date(r.fields, 'waktuUjiCoba'),
    },
  ],
  { sdgs: (r) => sdgNames(r.fields) },
);

export function kippColumns(wordCounts = false): readonly Column<EntryRow>[] {
  const head: Column<EntryRow>[] = [...KIPP_HEAD];
  for (const s of KIPP_SECTIONS) {
    head.push({ header: s.label, width: 60, wrap: true, value: (r) => text(r.fields, s.key) });
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
