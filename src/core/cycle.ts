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

/** The date (yyyy-mm-dd) the office uploaded it to the IID for its current reporting year, or
 * null when not uploaded for that year (an upload for an earlier year, before a carry, is not). */
export function iidUploadDate(fields: Fields): string | null {
  const d = fields.iidDiunggah;
  if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  const forYear = fields.iidTahun;
  return typeof forYear === 'number' && forYear !== reportingYear(fields) ? null : d;
}

/** An upload for an earlier reporting year (kept after a carry): its date and year, else null. */
export function earlierIidUpload(fields: Fields): { date: string; year: number } | null {
  const d = fields.iidDiunggah;
  const forYear = fields.iidTahun;
  if (typeof d !== 'string' || typeof forYear !== 'number' || forYear === reportingYear(fields)) return null;
  return { date: d, year: forYear };
}

/**
 * The fields that carry an innovation on to the next year's cycle: the next reporting year and
 * where it came from. It stays the same record, so its timeline, reviews, comments and evidence
 * stay with it; its IID upload stays pinned to the year it was for (iidTahun), so it reads as
 * "not yet uploaded" for the new year. Null when there is no year to carry from or the next one
 * is past what the schema allows.
 */
export function carryPatch(fields: Fields): Record<string, FieldValue> | null {
  const from = reportingYear(fields);
  if (from === null || from >= 2100) return null;
  const patch: Record<string, FieldValue> = { tahunLaporan: from + 1, dibawaDariTahun: from };
  if (typeof fields.iidDiunggah === 'string' && typeof fields.iidTahun !== 'number') patch.iidTahun = from;
  return patch;
}
