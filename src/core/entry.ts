/**
 * One innovation entry: the IID profile (DOMAIN.md, in form order) plus the optional KIPP
 * narrative. The schemas the form, the stored record and the server's per-field checks share,
 * taken from the field table (entry-fields.ts), and the rules that span fields (dates in order,
 * the short core needed to save).
 */
import { z } from './zod.ts';
import { ENTRY_FIELDS, entryFieldsWhere, type EntryField } from './entry-fields.ts';
import { BENTUK, JENIS, URUSAN } from './picklists.ts';
import { afterCurrentYear, choice } from './text.ts';

type EntryFieldSchemas = { readonly [F in EntryField]: (typeof ENTRY_FIELDS)[F]['schema'] };

/** Every field an entry record may hold, each optional on its own: the per-field schema. */
export const entryFieldSchemas = Object.fromEntries(
  Object.entries(ENTRY_FIELDS).map(([f, spec]) => [f, spec.schema]),
) as EntryFieldSchemas;

/** The innovation's dates in the order they happen: inisiasi ≤ uji coba ≤ penerapan. */
const HISTORY_DATES = ['waktuInisiasi', 'waktuUjiCoba', 'waktuPenerapan'] as const;

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
export const ENTRY_CORE_FIELDS: readonly EntryField[] = entryFieldsWhere((s) => s.core === true);

/** Fields the app sets, never the participant's form (the office sets the reporting year and
 * the IID upload on its entry page). */
export const ENTRY_SYSTEM_FIELDS: readonly EntryField[] = entryFieldsWhere((s) => s.kind === 'system');

export function emptyDraft(): EntryDraftValues {
  return { tahapan: 'Inisiatif', urusanBeririsan: [], sdgs: [] };
}
