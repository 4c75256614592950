/**
 * The yearly IID cycle of one innovation: the year it is reported
 * in, and whether the office has uploaded it to the IID and when. Pure: the admin's entry page,
 * the ranking export and their tests read the same rules.
 */
import type { FieldValue } from './record.ts';
import { jakartaYear } from './text.ts';

type Fields = Readonly<Record<string, FieldValue | undefined>>;

/** The reporting year: the office's `tahunLaporan`, else the year (Jakarta) it was entered. */
export function reportingYear(fields: Fields): number | null {
  const y = fields.tahunLaporan;
  if (typeof y === 'number' && Number.isInteger(y)) return y;
  const at = fields.createdAt;
  return typeof at === 'number' && Number.isFinite(at) ? jakartaYear(at) : null;
}

/** The date (yyyy-mm-dd) the office uploaded it to the IID, or null when not uploaded. */
export function iidUploadDate(fields: Fields): string | null {
  const d = fields.iidDiunggah;
  return typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}
