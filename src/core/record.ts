/**
 * The synced document: one value, one HLC stamp and one base per field. `base` is the stamp of
 * the value the author saw when writing (null when the field had no value for them); it lets
 * merge tell a concurrent edit from a plain newer one. A change on the wire is the same shape
 * holding only the fields it writes, so merging a change and merging two replicas are one function.
 */
import type { Hlc } from './hlc.ts';

export const SYNCED_TABLES = [
  'workshops',
  'entries',
  'attachments',
  'reviews',
  'comments',
  'conflicts',
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export type FieldValue = null | boolean | number | string | FieldValue[] | { [k: string]: FieldValue };

export interface RecordDoc {
  table: SyncedTable;
  id: string;
  fields: Record<string, FieldValue>;
  stamps: Record<string, Hlc>;
  bases: Record<string, Hlc | null>;
}

/** One field write that lost to a concurrent one: kept so a person can see and restore it. */
export interface LostWrite {
  table: SyncedTable;
  recordId: string;
  field: string;
  value: FieldValue;
  stamp: Hlc;
  winnerStamp: Hlc;
  /** true when the winner did not see the loser (concurrent edit), false when it superseded it. */
  concurrent: boolean;
  /** Set when this merge could not follow the winner's chain of bases to the end (a write it
   * does not hold): `concurrent` is then provisional, until a site holding every write (the
   * server, which keeps them all in its change log) decides (core/seen.ts). */
  undecided?: true;
}
