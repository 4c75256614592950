/**
 * The Pemda's OPD list: one list per server, which admins edit and new workshops start
 * from. It travels as a synced record written by the server, like a workshop: a record of the
 * `workshops` table with a fixed id, so admin devices pull it and keep it offline without a new
 * table. Its scope is its own id, which no join code names, so only admins ever pull it.
 * The rules of a list are shared by the server (PUT /admin/opd-list, workshop edits) and the
 * admin's editor, so both name the same line with the same message.
 */
import { z } from './zod.ts';
import type { FieldValue } from './record.ts';
import { requiredText } from './text.ts';

export const PEMDA_RECORD_ID = 'pemda-opd-list';
export const OPD_NAME_MAX = 150;
export const OPD_LIST_MAX = 300;

export function isPemdaRecord(id: string): boolean {
  return id === PEMDA_RECORD_ID;
}

/** A list of OPD names: each trimmed, non-empty, at most 150 characters, no duplicates (case
 * ignored), at most 300 names. Issues name the position (`3`) with a field.* code. */
export const OpdListSchema = z
  .array(
    z
      .string({ error: 'field.invalid' })
      .transform((s) => s.trim())
      .pipe(requiredText(OPD_NAME_MAX)),
  )
  .max(OPD_LIST_MAX, { error: 'field.too_many' })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((name, i) => {
      const key = name.toLocaleLowerCase('id');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'field.duplicate', path: [i] });
      seen.add(key);
    });
  });

/** The Pemda list in its stored record (server or device copy); null when never set. */
export function pemdaOpdListOf(
  doc: { fields: Record<string, FieldValue> } | null | undefined,
): string[] | null {
  const l = doc?.fields['opdList'];
  if (!Array.isArray(l) || doc?.fields['deleted'] === true) return null;
  return l.filter((x): x is string => typeof x === 'string');
}
