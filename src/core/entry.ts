/**
 * One innovation entry: the IID profile (DOMAIN.md, in form order) plus the optional KIPP
 * narrative. The single source of truth for the form's validation, the stored record's
 * fields and the server's per-field checks.
 */
import { z } from './zod.ts';
import { idSchema } from './ids.ts';
import {
  BENTUK,
  INISIATOR,
  JENIS,
  KIPP_KATEGORI,
  KIPP_KELOMPOK,
  TAHAPAN,
  TEMATIK,
  URUSAN,
} from './picklists.ts';
import { afterCurrentYear, choice, isoDate, requiredText, text, webUrl, whatsapp } from './text.ts';

const LONG = 10_000;
const id = idSchema();

/** Every field an entry record may hold, each optional on its own: the per-field schema. */
export const entryFieldSchemas = {
  workshopId: id.nullable(),
  nama: requiredText(150),
  opd: requiredText(150),
  tahapan: choice(TAHAPAN),
  inisiator: choice(INISIATOR).nullable(),
  namaInisiator: text(150),
  jenis: choice(JENIS).nullable(),
  bentuk: choice(BENTUK).nullable(),
  tematik: choice(TEMATIK).nullable(),
  urusanUtama: choice(URUSAN).nullable(),
  urusanBeririsan: z.array(choice(URUSAN)).max(12, { error: 'field.too_many' }),
  tujuan: text(LONG),
  manfaat: text(LONG),
  hasil: text(LONG),
  rancangBangun: text(30_000),
  rbDasarHukum: text(LONG),
  rbPermasalahan: text(LONG),
  rbIsuStrategis: text(LONG),
  rbMetode: text(LONG),
  rbKeunggulan: text(LONG),
  rbCaraKerja: text(LONG),
  waktuInisiasi: isoDate.nullable(),
  waktuUjiCoba: isoDate.nullable(),
  waktuPenerapan: isoDate.nullable(),
  anggaran: text(300),
  cpNama: text(100),
  cpWhatsapp: whatsapp,
  kippKelompok: choice(KIPP_KELOMPOK).nullable(),
  kippKategori: choice(KIPP_KATEGORI).nullable(),
  /** For kelompok Replikasi: the innovation replicated and where it comes from. */
  kippAsalReplikasi: text(300),
  /** The proposal's video (KIPP asks for a link, e.g. YouTube). */
  kippVideo: webUrl,
  sdgs: z
    .array(z.number().int().min(1).max(17))
    .max(17, { error: 'field.too_many' })
    .refine((a) => new Set(a).size === a.length, { error: 'field.invalid' }),
  kippRingkasan: text(LONG),
  kippLatarBelakang: text(LONG),
  kippKebaruan: text(LONG),
  kippImplementasi: text(LONG),
  kippSignifikansi: text(LONG),
  /** Adaptabilitas, first part: has it been replicated already, where (KIPP_SECTIONS). */
  kippSudahDireplikasi: text(LONG),
  /** Adaptabilitas, second part: its potential to be replicated. Before the split
   * this held the whole adaptabilitas text, which therefore reads on as this part. */
  kippAdaptabilitas: text(LONG),
  kippSumberDaya: text(LONG),
  kippKeberlanjutan: text(LONG),
  /** Who the entry belongs to (participant id) and who typed it (kiosk mode). */
  authorId: id,
  authorName: text(100),
  enteredBy: text(100).nullable(),
  /** The IID cycle (year) the innovation is reported in; unset = the year it was entered
   * (reportingYear). Set by the office, carried on to the next year's cycle. */
  tahunLaporan: z
    .number({ error: 'field.invalid_year' })
    .int({ error: 'field.invalid_year' })
    .min(2000, { error: 'field.invalid_year' })
    .max(2100, { error: 'field.invalid_year' })
    .nullable(),
  /** "Sudah diunggah ke IID": the date the office uploaded it; null = not (yet) uploaded. */
  iidDiunggah: isoDate.nullable(),
  /** Set when a facilitator merged this entry into another (duplicates). */
  mergedInto: id.nullable(),
  createdAt: z.number().int().nonnegative(),
  deleted: z.boolean(),
} as const;

export type EntryField = keyof typeof entryFieldSchemas;

/** The innovation's dates in the order they happen: inisiasi ≤ uji coba ≤ penerapan. */
export const HISTORY_DATES = ['waktuInisiasi', 'waktuUjiCoba', 'waktuPenerapan'] as const;

/**
 * The innovation's dates as the form and the readiness check see them: none in a year after the
 * current one (field.date_future), and in order (dateOrderIssues).
 */
export function historyDateIssues(
  fields: Readonly<Record<string, unknown>>,
  now = Date.now(),
): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  for (const k of HISTORY_DATES) {
    const v = fields[k];
    if (typeof v === 'string' && afterCurrentYear(v, now)) out.push({ path: k, code: 'field.date_future' });
  }
  const future = new Set(out.map((i) => i.path));
  for (const i of dateOrderIssues(fields)) if (!future.has(i.path)) out.push(i);
  return out;
}

/**
 * Dates out of order, each reported on the LATER field (the one to fix or to check): uji coba
 * before inisiasi, penerapan before uji coba or before inisiasi. Missing or malformed dates are
 * not compared (their own schema reports them). The server checks each field on its own (two
 * devices may change two dates at once), so this is the form's and the readiness check's rule.
 */
export function dateOrderIssues(fields: Readonly<Record<string, unknown>>): { path: string; code: string }[] {
  const iso = (k: string) => {
    const v = fields[k];
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
  };
  const inisiasi = iso('waktuInisiasi');
  const ujiCoba = iso('waktuUjiCoba');
  const penerapan = iso('waktuPenerapan');
  const out: { path: string; code: string }[] = [];
  if (inisiasi && ujiCoba && ujiCoba < inisiasi)
    out.push({ path: 'waktuUjiCoba', code: 'field.date_before_inisiasi' });
  if (penerapan && ujiCoba && penerapan < ujiCoba)
    out.push({ path: 'waktuPenerapan', code: 'field.date_before_uji_coba' });
  else if (penerapan && inisiasi && penerapan < inisiasi)
    out.push({ path: 'waktuPenerapan', code: 'field.date_before_inisiasi' });
  return out;
}

/** The most characters a text field of the entry holds (its schema's max), null for others. */
export function entryFieldMaxChars(field: string): number | null {
  if (!Object.hasOwn(entryFieldSchemas, field)) return null;
  const s = entryFieldSchemas[field as EntryField] as unknown as { maxLength?: unknown };
  return typeof s.maxLength === 'number' ? s.maxLength : null;
}

/** The values of a saved entry: the short mandatory core plus everything optional. */
export const EntryValues = z
  .object({
    ...entryFieldSchemas,
    jenis: choice(JENIS),
    bentuk: choice(BENTUK),
    urusanUtama: choice(URUSAN),
  })
  .partial()
  .required({ nama: true, opd: true, tahapan: true, jenis: true, bentuk: true, urusanUtama: true })
  .strict()
  .superRefine((v, ctx) => {
    for (const i of historyDateIssues(v)) ctx.addIssue({ code: 'custom', message: i.code, path: [i.path] });
  });
export type EntryValues = z.infer<typeof EntryValues>;

/** What a form holds while being typed: anything may still be missing, limits still apply. */
export const EntryDraftValues = z.object(entryFieldSchemas).partial().strict();
export type EntryDraftValues = z.infer<typeof EntryDraftValues>;

/** The fields a participant fills on the first screen; the rest unfolds. */
export const ENTRY_CORE_FIELDS = ['nama', 'opd', 'tahapan', 'jenis', 'bentuk', 'urusanUtama'] as const;

/** Fields the app sets, never the participant's form (the office sets the reporting year and
 * the IID upload on its entry page). */
export const ENTRY_SYSTEM_FIELDS = [
  'workshopId',
  'authorId',
  'authorName',
  'enteredBy',
  'mergedInto',
  'createdAt',
  'deleted',
  'tahunLaporan',
  'iidDiunggah',
] as const;

export function emptyDraft(): EntryDraftValues {
  return { tahapan: 'Inisiatif', urusanBeririsan: [], sdgs: [] };
}
