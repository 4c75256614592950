/**
 * The office's part of the yearly IID cycle on one innovation: its
 * reporting year and "sudah diunggah ke IID" with the date. Checked here, then written locally
 * through writeRecord (outbox, sync) like the stage move; only fields that change are written.
 */
import { iidUploadDate, reportingYear } from '../../../core/cycle.ts';
import { entryFieldSchemas } from '../../../core/entry.ts';
import type { MessageCode } from '../../../core/messages.ts';
import type { FieldValue } from '../../../core/record.ts';
import { afterCurrentYear, dmyToIso } from '../../../core/text.ts';
import type { LumbungDb } from '../../db/db.ts';
import { writeRecord } from '../../db/records.ts';

export interface CycleInput {
  /** Four digits as typed; '' = the year the entry was made. */
  year: string;
  uploaded: boolean;
  /** dd/mm/yyyy as typed (only read when uploaded). */
  date: string;
}

export type CycleErrors = Partial<Record<'year' | 'date', MessageCode>>;

export type CyclePlan = { ok: true; patch: Record<string, FieldValue> } | { ok: false; errors: CycleErrors };

type Fields = Readonly<Record<string, FieldValue | undefined>>;

export function planCycle(current: Fields, input: CycleInput, now = Date.now()): CyclePlan {
  const errors: CycleErrors = {};
  const y = input.year.trim();
  const year = y === '' ? null : /^\d{4}$/.test(y) ? Number(y) : NaN;
  if (year !== null && !entryFieldSchemas.tahunLaporan.safeParse(year).success)
    errors.year = 'field.invalid_year';
  let date: string | null = null;
  if (input.uploaded) {
    const d = input.date.trim();
    date = d === '' ? null : dmyToIso(d);
    if (d === '') errors.date = 'field.required';
    else if (!date) errors.date = 'field.invalid_date';
    else if (afterCurrentYear(date, now)) errors.date = 'field.date_future';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const patch: Record<string, FieldValue> = {};
  const oldYear = typeof current.tahunLaporan === 'number' ? current.tahunLaporan : null;
  if (year !== oldYear) patch.tahunLaporan = year;
  const uploadChanged = date !== iidUploadDate(current);
  if (uploadChanged) patch.iidDiunggah = date;
  // An upload counts for the year it is marked for (core/cycle.ts iidUploadDate): pinned when it
  // or the year changes, unpinned when it is cleared. Untouched otherwise, so an earlier year's
  // upload kept after a carry stays that year's.
  const oldFor = typeof current.iidTahun === 'number' ? current.iidTahun : null;
  const forYear = date === null ? null : (year ?? reportingYear({ ...current, tahunLaporan: null }));
  if ((uploadChanged || year !== oldYear) && (date !== null || uploadChanged) && forYear !== oldFor)
    patch.iidTahun = forYear;
  return { ok: true, patch };
}

/** Check and write; returns the errors, or null when written (or nothing changed). */
export async function saveCycle(
  d: LumbungDb,
  id: string,
  current: Fields,
  input: CycleInput,
): Promise<CycleErrors | null> {
  const plan = planCycle(current, input);
  if (!plan.ok) return plan.errors;
  if (Object.keys(plan.patch).length > 0) await writeRecord(d, 'entries', id, plan.patch);
  return null;
}
