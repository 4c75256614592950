/**
 * Every field of an innovation entry in one table: how it is checked (its zod schema, so its
 * character limit), how the form holds it (`kind`), its word limits, which readiness checks
 * count it, and where the office exports put it. The schemas, the form's field lists, the KIPP
 * sections, the checklists and the export columns are all read from here, so adding or changing
 * a field is one row. Labels are the one exception: they are translated, so they live in the
 * app's i18n (`label.<field>`), and a test holds every row to a label in both languages.
 *
 * Rows are in the form's order; the IID sheet has its own order (the IID form's, DOMAIN.md),
 * given by `iid.col`.
 */
import { z } from './zod.ts';
import { idSchema } from './id-schema.ts';
import { BENTUK, INISIATOR, JENIS, KIPP_KELOMPOK, TAHAPAN, URUSAN } from './picklists.ts';
import { pickValue } from './pick-lists.ts';
import { choice, isoDate, requiredText, text, webUrl, whatsapp } from './text.ts';

/**
 * How the participant's form holds a field: `text` and `choice` as a string ('' = not chosen),
 * `date` as dd/mm/yyyy typed, `list` as an array; `system` fields are set by the app or the
 * office, never by the participant's form.
 */
export type EntryFieldKind = 'text' | 'choice' | 'date' | 'list' | 'system';

/** A column of an office export: its heading, its place and its width in Excel units. */
export interface ExportColumnSpec {
  /** Position in the sheet, from 0; the sheet's own columns (ID, Status, …) fill the gaps. */
  col: number;
  header: string;
  width: number;
  /** Long text, wrapped in its cell (XLSX). */
  wrap?: true;
}

export interface EntryFieldSpec {
  schema: z.ZodType;
  kind: EntryFieldKind;
  /** On the form's first screen and needed to save (EntryValues). */
  core?: true;
  /** Which IID readiness check counts it (readiness.ts): a `profile` field must be filled, a
   * `narrative` text too (checked after rancang bangun, as the IID form asks for it), and a
   * `rancangBangun` text counts toward RANCANG_BANGUN_MIN_WORDS. */
  iidCheck?: 'profile' | 'narrative' | 'rancangBangun';
  /** Words the IID asks for at least (a goal on the form, a readiness check). */
  minWords?: number;
  /** A sub-part of rancang bangun: its heading in the export's combined text. */
  rancangBangunPart?: string;
  /** A section of the KIPP proposal: filled and within `maxWords` for the KIPP checklist; its
   * heading in the export and the print view; Adaptabilitas is two parts under one heading. */
  kippSection?: { label: string; maxWords: number; part?: { of: string; label: string } };
  /** Its column in the IID sheet and in the head of the KIPP sheet (sections follow it). */
  iid?: ExportColumnSpec;
  kipp?: ExportColumnSpec;
}

const LONG = 10_000;

/** A reporting year, or null. */
const year = () =>
  z
    .number({ error: 'field.invalid_year' })
    .int({ error: 'field.invalid_year' })
    .min(2000, { error: 'field.invalid_year' })
    .max(2100, { error: 'field.invalid_year' })
    .nullable();

export const ENTRY_FIELDS = {
  workshopId: { schema: idSchema().nullable(), kind: 'system' },
  nama: {
    schema: requiredText(150),
    kind: 'text',
    core: true,
    iidCheck: 'profile',
    iid: { col: 4, header: 'Nama Inovasi', width: 40, wrap: true },
    kipp: { col: 0, header: 'Judul', width: 40, wrap: true },
  },
  opd: {
    schema: requiredText(150),
    kind: 'text',
    core: true,
    iidCheck: 'profile',
    iid: { col: 1, header: 'OPD', width: 32, wrap: true },
    kipp: { col: 1, header: 'OPD', width: 32, wrap: true },
  },
  tahapan: {
    schema: choice(TAHAPAN),
    kind: 'choice',
    core: true,
    iidCheck: 'profile',
    iid: { col: 5, header: 'Tahapan', width: 12 },
  },
  inisiator: {
    schema: choice(INISIATOR).nullable(),
    kind: 'choice',
    iidCheck: 'profile',
    iid: { col: 6, header: 'Inisiator', width: 16 },
  },
  namaInisiator: {
    schema: text(150),
    kind: 'text',
    iidCheck: 'profile',
    iid: { col: 7, header: 'Nama Inisiator', width: 24, wrap: true },
  },
  jenis: {
    schema: choice(JENIS).nullable(),
    kind: 'choice',
    core: true,
    iidCheck: 'profile',
    iid: { col: 8, header: 'Jenis', width: 12 },
  },
  bentuk: {
    schema: choice(BENTUK).nullable(),
    kind: 'choice',
    core: true,
    iidCheck: 'profile',
    iid: { col: 9, header: 'Bentuk', width: 40, wrap: true },
  },
  /** From the year's list the admin edits (pick-lists.ts): any value of that shape here. */
  tematik: {
    schema: pickValue.nullable(),
    kind: 'choice',
    iidCheck: 'profile',
    iid: { col: 10, header: 'Tematik', width: 32, wrap: true },
  },
  urusanUtama: {
    schema: choice(URUSAN).nullable(),
    kind: 'choice',
    core: true,
    iidCheck: 'profile',
    iid: { col: 11, header: 'Urusan Utama', width: 32, wrap: true },
  },
  urusanBeririsan: {
    schema: z.array(choice(URUSAN)).max(12, { error: 'field.too_many' }),
    kind: 'list',
    iid: { col: 12, header: 'Urusan Beririsan', width: 40, wrap: true },
  },
  tujuan: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'narrative',
    iid: { col: 17, header: 'Tujuan', width: 50, wrap: true },
  },
  manfaat: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'narrative',
    iid: { col: 18, header: 'Manfaat', width: 50, wrap: true },
  },
  hasil: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'narrative',
    iid: { col: 19, header: 'Hasil', width: 50, wrap: true },
  },
  rancangBangun: {
    schema: text(30_000),
    kind: 'text',
    iidCheck: 'rancangBangun',
    minWords: 300,
    iid: { col: 16, header: 'Rancang Bangun dan Pokok Perubahan', width: 80, wrap: true },
  },
  rbDasarHukum: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'rancangBangun',
    rancangBangunPart: 'Dasar Hukum',
  },
  rbPermasalahan: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'rancangBangun',
    rancangBangunPart: 'Permasalahan',
  },
  rbIsuStrategis: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'rancangBangun',
    rancangBangunPart: 'Isu Strategis',
  },
  rbMetode: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'rancangBangun',
    rancangBangunPart: 'Metode Pembaharuan',
  },
  rbKeunggulan: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'rancangBangun',
    rancangBangunPart: 'Keunggulan dan Kebaruan',
  },
  rbCaraKerja: {
    schema: text(LONG),
    kind: 'text',
    iidCheck: 'rancangBangun',
    rancangBangunPart: 'Cara Kerja (Tahapan) Inovasi',
  },
  waktuInisiasi: {
    schema: isoDate.nullable(),
    kind: 'date',
    iidCheck: 'profile',
    iid: { col: 13, header: 'Waktu Inisiasi', width: 14 },
  },
  waktuUjiCoba: {
    schema: isoDate.nullable(),
    kind: 'date',
    iid: { col: 14, header: 'Waktu Uji Coba', width: 14 },
  },
  waktuPenerapan: {
    schema: isoDate.nullable(),
    kind: 'date',
    iid: { col: 15, header: 'Waktu Penerapan', width: 14 },
  },
  anggaran: {
    schema: text(300),
    kind: 'text',
    iid: { col: 20, header: 'Anggaran', width: 24, wrap: true },
  },
  cpNama: {
    schema: text(100),
    kind: 'text',
    iidCheck: 'profile',
    iid: { col: 2, header: 'Nama Narahubung', width: 24, wrap: true },
  },
  cpWhatsapp: {
    schema: whatsapp,
    kind: 'text',
    iidCheck: 'profile',
    iid: { col: 3, header: 'WhatsApp Narahubung', width: 18 },
  },
  kippKelompok: {
    schema: choice(KIPP_KELOMPOK).nullable(),
    kind: 'choice',
    kipp: { col: 3, header: 'Kelompok', width: 12 },
  },
  /** From the year's list the admin edits (pick-lists.ts), as tematik. */
  kippKategori: {
    schema: pickValue.nullable(),
    kind: 'choice',
    kipp: { col: 5, header: 'Kategori', width: 30, wrap: true },
  },
  /** For kelompok Replikasi: the innovation replicated and where it comes from. */
  kippAsalReplikasi: {
    schema: text(300),
    kind: 'text',
    kipp: { col: 4, header: 'Asal Inovasi Replikasi', width: 30, wrap: true },
  },
  /** The proposal's video (KIPP asks for a link, e.g. YouTube). */
  kippVideo: { schema: webUrl, kind: 'text', kipp: { col: 7, header: 'Link Video', width: 30 } },
  sdgs: {
    schema: z
      .array(z.number().int().min(1).max(17))
      .max(17, { error: 'field.too_many' })
      .refine((a) => new Set(a).size === a.length, { error: 'field.invalid' }),
    kind: 'list',
    kipp: { col: 6, header: 'SDGs', width: 40, wrap: true },
  },
  kippRingkasan: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Ringkasan', maxWords: 200 },
  },
  kippLatarBelakang: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Latar Belakang dan Tujuan', maxWords: 300 },
  },
  kippKebaruan: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Kebaruan / Nilai Tambah', maxWords: 200 },
  },
  kippImplementasi: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Implementasi Inovasi', maxWords: 200 },
  },
  kippSignifikansi: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Signifikansi', maxWords: 600 },
  },
  /** Adaptabilitas, first part: has it been replicated already, where. */
  kippSudahDireplikasi: {
    schema: text(LONG),
    kind: 'text',
    kippSection: {
      label: 'Adaptabilitas: Sudah Direplikasi?',
      maxWords: 100,
      part: { of: 'Adaptabilitas', label: 'Sudah direplikasi?' },
    },
  },
  /** Adaptabilitas, second part: its potential to be replicated. Records written while
   * adaptabilitas was one text hold all of it here, so that text reads on as this part. */
  kippAdaptabilitas: {
    schema: text(LONG),
    kind: 'text',
    kippSection: {
      label: 'Adaptabilitas: Potensi Replikasi',
      maxWords: 200,
      part: { of: 'Adaptabilitas', label: 'Potensi replikasi' },
    },
  },
  kippSumberDaya: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Sumber Daya', maxWords: 200 },
  },
  kippKeberlanjutan: {
    schema: text(LONG),
    kind: 'text',
    kippSection: { label: 'Strategi Keberlanjutan', maxWords: 500 },
  },
  /** Who the entry belongs to (participant id) and who typed it (kiosk mode). */
  authorId: { schema: idSchema(), kind: 'system' },
  authorName: {
    schema: text(100),
    kind: 'system',
    iid: { col: 22, header: 'Pengisi', width: 24, wrap: true },
  },
  enteredBy: { schema: text(100).nullable(), kind: 'system' },
  /** The IID cycle (year) the innovation is reported in; unset = the year it was entered
   * (reportingYear). Set by the office, carried on to the next year's cycle. */
  tahunLaporan: { schema: year(), kind: 'system' },
  /** "Sudah diunggah ke IID": the date the office uploaded it; null = not (yet) uploaded. */
  iidDiunggah: { schema: isoDate.nullable(), kind: 'system' },
  /** The reporting year that upload was for: an upload for 2026 does not count for 2027 once the
   * innovation is carried on (cycle.ts iidUploadDate). Unset on uploads marked before it existed:
   * those count for the reporting year they are seen with. */
  iidTahun: { schema: year(), kind: 'system' },
  /** Set when the office carried the innovation on to the next year's cycle: the year it came
   * from (its history stays: it is the same record). */
  dibawaDariTahun: { schema: year(), kind: 'system' },
  /** Set when a facilitator merged this entry into another (duplicates). */
  mergedInto: { schema: idSchema().nullable(), kind: 'system' },
  createdAt: { schema: z.number().int().nonnegative(), kind: 'system' },
  deleted: { schema: z.boolean(), kind: 'system' },
} as const satisfies Record<string, EntryFieldSpec>;

export type EntryField = keyof typeof ENTRY_FIELDS;

const ROWS = Object.entries(ENTRY_FIELDS) as [EntryField, EntryFieldSpec][];

/** The fields whose row matches, in the table's (the form's) order. */
export function entryFieldsWhere(match: (spec: EntryFieldSpec) => boolean): EntryField[] {
  return ROWS.filter(([, spec]) => match(spec)).map(([f]) => f);
}

/** The IID readiness fields of one check, in the IID form's order. */
function iidChecked(check: NonNullable<EntryFieldSpec['iidCheck']>): EntryField[] {
  return ROWS.filter(([, s]) => s.iidCheck === check)
    .sort(([, a], [, b]) => (a.iid?.col ?? 0) - (b.iid?.col ?? 0))
    .map(([f]) => f);
}

/** Profile fields the IID form asks for at every stage, in the IID form's order. */
export const IID_REQUIRED_FIELDS: readonly EntryField[] = iidChecked('profile');
/** Long texts of the IID profile that come after rancang bangun. */
export const IID_REQUIRED_TEXTS: readonly EntryField[] = iidChecked('narrative');

/** Sub-parts of "rancang bangun dan pokok perubahan" used by trainers and regional forms. */
export const RANCANG_BANGUN_PARTS: readonly EntryField[] = entryFieldsWhere(
  (s) => s.rancangBangunPart !== undefined,
);
export const RANCANG_BANGUN_MIN_WORDS: number = ENTRY_FIELDS.rancangBangun.minWords;

export interface KippSectionSpec {
  key: EntryField;
  label: string;
  maxWords: number;
  part?: { of: string; label: string };
}

/**
 * KIPP proposal sections and their word limits (DOMAIN.md), in the template's order.
 * Adaptabilitas has two parts, each with its own limit; `part` names the section they share
 * (the print view puts them under one heading).
 */
export const KIPP_SECTIONS: readonly KippSectionSpec[] = ROWS.flatMap(([key, s]) =>
  s.kippSection ? [{ key, ...s.kippSection }] : [],
);
