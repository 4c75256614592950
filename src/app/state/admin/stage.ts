/**
 * "Naikkan tahapan": move an innovation one stage on (Inisiatif → Uji Coba → Penerapan) with
 * the fields that stage needs: its date (dd/mm/yyyy, stored as yyyy-mm-dd like the form does)
 * and hasil (required for Penerapan, where results are what the national systems ask for).
 * The write goes through writeRecord, so it is local first, lands in the outbox and syncs like
 * any edit; the HLC stamp of `tahapan` records when the stage changed (the stagnan list).
 */
import { entryFieldSchemas } from '../../../core/entry.ts';
import type { MessageCode } from '../../../core/messages.ts';
import type { FieldValue } from '../../../core/record.ts';
import { afterCurrentYear, dmyToIso } from '../../../core/text.ts';
import type { LumbungDb } from '../../db/db.ts';
import { writeRecord } from '../../replica/local-write.ts';

export const NEXT_STAGE: Record<string, 'Uji Coba' | 'Penerapan' | undefined> = {
  '': 'Uji Coba',
  Inisiatif: 'Uji Coba',
  'Uji Coba': 'Penerapan',
};

export const STAGE_DATE_FIELD = { 'Uji Coba': 'waktuUjiCoba', Penerapan: 'waktuPenerapan' } as const;

export interface StageInput {
  /** dd/mm/yyyy as typed. */
  date: string;
  hasil: string;
}

export type StageErrors = Partial<Record<'date' | 'hasil' | 'stage', MessageCode>>;

export type StagePlan = { ok: true; patch: Record<string, FieldValue> } | { ok: false; errors: StageErrors };

/** Check the input against the next stage and build the patch (nothing is written here). */
export function planStageMove(currentTahapan: string, input: StageInput): StagePlan {
  const next = NEXT_STAGE[currentTahapan];
  if (!next) return { ok: false, errors: { stage: 'field.invalid' } };
  const errors: StageErrors = {};
  const iso = input.date.trim() === '' ? null : dmyToIso(input.date);
  if (input.date.trim() === '') errors.date = 'field.required';
  else if (!iso) errors.date = 'field.invalid_date';
  else if (afterCurrentYear(iso)) errors.date = 'field.date_future';
  const hasil = input.hasil.trim();
  if (next === 'Penerapan' && hasil === '') errors.hasil = 'field.required';
  else if (!entryFieldSchemas.hasil.safeParse(hasil).success) errors.hasil = 'field.too_long';
  if (Object.keys(errors).length > 0 || !iso) return { ok: false, errors };
  const patch: Record<string, FieldValue> = { tahapan: next, [STAGE_DATE_FIELD[next]]: iso };
  if (hasil !== '') patch.hasil = hasil;
  return { ok: true, patch };
}

/** Validate and write the stage move of entry `id`; returns the errors, or null when written. */
export async function moveStage(
  d: LumbungDb,
  id: string,
  currentTahapan: string,
  input: StageInput,
): Promise<StageErrors | null> {
  const plan = planStageMove(currentTahapan, input);
  if (!plan.ok) return plan.errors;
  await writeRecord(d, 'entries', id, plan.patch);
  return null;
}
