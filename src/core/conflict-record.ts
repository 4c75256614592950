/**
 * The `conflicts` record of one lost concurrent write: what the server makes when its merge finds
 * one, and what a device makes when it finds one in an imported file. Both build it here, so its
 * id and fields are the same wherever it is made and merge folds the two copies into one. Every
 * field carries the one stamp of the site that made it, with no base (nobody edited it yet).
 * Pure: no I/O.
 */
import type { Hlc } from './hlc.ts';
import { conflictId } from './merge.ts';
import type { FieldValue, LostWrite, RecordDoc } from './record.ts';

export function conflictRecord(l: LostWrite, stamp: Hlc): RecordDoc {
  const fields: Record<string, FieldValue> = {
    table: l.table,
    recordId: l.recordId,
    field: l.field,
    value: l.value,
    stamp: l.stamp,
    winnerStamp: l.winnerStamp,
    resolved: false,
    deleted: false,
  };
  const names = Object.keys(fields);
  return {
    table: 'conflicts',
    id: conflictId(l),
    fields,
    stamps: Object.fromEntries(names.map((f) => [f, stamp])),
    bases: Object.fromEntries(names.map((f) => [f, null])),
  };
}
