/**
 * The pick-lists an admin edits per year (tematik and KIPP kategori change with each year's
 * rules) and the Pemda's OPD list, as one answer every device keeps its last copy of
 * (GET /api/v1/lists, and in the join answer). A year nobody edited uses DOMAIN.md's list
 * (picklists.ts), so a device that never got online still has a full form.
 *
 * A list is what the form offers, not a lock on stored values: an entry keeps a value the admin
 * later removed, and the server accepts any value that was ever on a list of that kind (or is a
 * built-in one), so an offline device with an older list is never refused (server/sync/list-values.ts).
 */
import { z } from './zod.ts';
import { KIPP_KATEGORI, TEMATIK } from './picklists.ts';
import { requiredText } from './text.ts';

export const PICK_LIST_KINDS = ['tematik', 'kippKategori'] as const;
export type PickListKind = (typeof PICK_LIST_KINDS)[number];

/** DOMAIN.md's lists: what a year without the admin's list offers. */
export const PICK_LIST_DEFAULTS: Readonly<Record<PickListKind, readonly string[]>> = {
  tematik: TEMATIK,
  kippKategori: KIPP_KATEGORI,
};

export const PICK_VALUE_MAX = 150;
export const PICK_LIST_MAX = 50;
export const PICK_YEAR_MIN = 2000;
export const PICK_YEAR_MAX = 2100;

/** A stored list value (tematik, kippKategori): the shape only, since which values a list holds
 * is data that changes by year; the server also checks it was ever offered (list-values.ts). */
export const pickValue = requiredText(PICK_VALUE_MAX);

export function isPickListKind(v: unknown): v is PickListKind {
  return typeof v === 'string' && (PICK_LIST_KINDS as readonly string[]).includes(v);
}

export const PickYearSchema = z.coerce
  .number({ error: 'field.invalid_year' })
  .int({ error: 'field.invalid_year' })
  .min(PICK_YEAR_MIN, { error: 'field.invalid_year' })
  .max(PICK_YEAR_MAX, { error: 'field.invalid_year' });

/** One year's list: each value trimmed, non-empty, ≤150 characters, no duplicates (case
 * ignored), 1 to 50 values. Issues name the position with a field.* code, like the OPD list. */
export const PickListItemsSchema = z
  .array(
    z
      .string({ error: 'field.invalid' })
      .transform((s) => s.trim())
      .pipe(requiredText(PICK_VALUE_MAX)),
    { error: 'field.invalid' },
  )
  .min(1, { error: 'field.required' })
  .max(PICK_LIST_MAX, { error: 'field.too_many' })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      const key = v.toLocaleLowerCase('id');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'field.duplicate', path: [i] });
      seen.add(key);
    });
  });

export const YearlyListSchema = z.object({
  kind: z.enum(PICK_LIST_KINDS),
  year: z.number().int().min(PICK_YEAR_MIN).max(PICK_YEAR_MAX),
  items: z.array(z.string().max(PICK_VALUE_MAX)).max(PICK_LIST_MAX),
  /** Server ms of the last save. */
  updatedAt: z.number().int().nonnegative(),
});
export type YearlyList = z.infer<typeof YearlyListSchema>;

/** What a device learns: the Pemda's OPD list (null until an admin set one) and every
 * year's edited lists. */
export const PickListsSchema = z.object({
  opdList: z.array(z.string().max(PICK_VALUE_MAX)).max(300).nullable(),
  yearly: z.array(YearlyListSchema).max(2 * (PICK_YEAR_MAX - PICK_YEAR_MIN + 1)),
});
export type PickLists = z.infer<typeof PickListsSchema>;

/** The list a form offers for `kind` in `year`: the admin's for that year, else DOMAIN.md's. */
export function pickListFor(
  lists: PickLists | null | undefined,
  kind: PickListKind,
  year: number,
): readonly string[] {
  const l = lists?.yearly.find((y) => y.kind === kind && y.year === year);
  return l && l.items.length > 0 ? l.items : PICK_LIST_DEFAULTS[kind];
}

/** The OPD names the entry form suggests: the Pemda's list (built-in when none is known yet),
 * then the workshop's own additions. A suggestion list, not a lock: any OPD may be typed. */
export function opdSuggestions(
  pemda: readonly string[] | null | undefined,
  workshop: readonly string[],
  fallback: readonly string[],
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const o of [...(pemda && pemda.length > 0 ? pemda : fallback), ...workshop]) {
    const k = o.toLocaleLowerCase('id');
    if (!seen.has(k)) out.push(o);
    seen.add(k);
  }
  return out;
}
