/**
 * Carrying innovations on to the next year's IID cycle, on the admin's device: the same record
 * gets its next reporting year (core/cycle.ts carryPatch) through writeRecord, so the change is
 * HLC-stamped, sits in the outbox with the record, merges like any edit and reaches every device
 * and the server's change log (the timeline shows it). Works offline like a stage move.
 */
import { carryPatch, reportingYear } from '../../../core/cycle.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { LumbungDb } from '../../db/db.ts';
import { writeRecord } from '../../db/records.ts';

type Fields = Readonly<Record<string, FieldValue | undefined>>;

const live = (f: Fields): boolean =>
  f.deleted !== true && !(typeof f.mergedInto === 'string' && f.mergedInto !== '');

/** The live innovations reported in `year` (what "carry all of this year" would move). */
export async function carryCandidates(d: LumbungDb, year: number): Promise<string[]> {
  const ids: string[] = [];
  // A bulk carry is rare and the admin's copy is the whole Pemda: one scan is enough.
  await d.entries.each((r) => {
    if (live(r.fields) && reportingYear(r.fields) === year) ids.push(r.id);
  });
  return ids;
}

/** Carry one innovation on; false when it is gone or has no year to carry from. */
export async function carryOne(d: LumbungDb, id: string): Promise<boolean> {
  const r = await d.entries.get(id);
  const patch = r && live(r.fields) ? carryPatch(r.fields) : null;
  if (!patch) return false;
  await writeRecord(d, 'entries', id, patch);
  return true;
}

/** Carry every innovation still reported in `year` (re-read each: one moved meanwhile is left);
 * returns how many moved. Each is its own transaction, so an interrupted run leaves whole
 * records moved and the rest still in `year`: running it again finishes the job. */
export async function carryYear(d: LumbungDb, year: number, ids: readonly string[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const r = await d.entries.get(id);
    if (!r || !live(r.fields) || reportingYear(r.fields) !== year) continue;
    if (await carryOne(d, id)) n++;
  }
  return n;
}
