/**
 * Records as stored (server/store/rows.ts): stamps and bases shared by every field are stored
 * once; rows stored before with a map per field read the same; a device that reads shared stamps
 * gets them spliced from the columns, any other device gets the maps; a row that shares only one
 * of its stamps and bases is damaged, and says so.
 */
import { describe, expect, it } from 'vitest';
import type { RecordDoc } from '$src/core/index.ts';
import {
  recordToRow,
  rowToRecord,
  rowToRecordJson,
  rowToSharedRecordJson,
  storedStamps,
} from '$src/server/store/rows.ts';

const S1 = '001796165860213-00000-dev-a';
const S2 = '001796165860213-00001-dev-a';
const all = <T>(v: T) => ({ nama: v, opd: v, deleted: v });
const doc = (stamps: Record<string, string>, bases: Record<string, string | null>): RecordDoc => ({
  table: 'entries',
  id: 'e1',
  fields: { nama: 'SIDOTI', opd: 'Dinas Kesehatan', deleted: false },
  stamps,
  bases,
});
/** A row as an earlier release stored it: maps whatever they hold. */
const oldRow = (d: RecordDoc) => ({
  ...recordToRow(d, 1, 5),
  stamps: JSON.stringify(d.stamps),
  bases: JSON.stringify(d.bases),
});

describe('records as stored', () => {
  it('stores one stamp and one base shared by every field once, and reads them back per field', () => {
    for (const base of [null, S1]) {
      const d = doc(all(S2), all(base));
      const row = recordToRow(d, 1, 5);
      expect(row.stamps).toBe(JSON.stringify(S2));
      expect(row.bases).toBe(JSON.stringify(base));
      expect(rowToRecord(row)).toEqual(d);
      expect(storedStamps(row.stamps)).toEqual([S2]);
    }
  });

  it('keeps the maps of a record whose fields do not share, and reads a row stored with maps the same', () => {
    const mixed = doc({ ...all(S1), opd: S2 }, all(null));
    expect(JSON.parse(recordToRow(mixed, 1, 5).stamps)).toEqual(mixed.stamps);
    expect(storedStamps(recordToRow(mixed, 1, 5).stamps).sort()).toEqual([S1, S1, S2]);
    const shared = doc(all(S1), all(null));
    expect(rowToRecord(oldRow(shared))).toEqual(rowToRecord(recordToRow(shared, 1, 5)));
  });

  it('gives maps to a device that does not read shared stamps, and shared ones to one that does', () => {
    const shared = doc(all(S1), all(null));
    const mixed = doc({ ...all(S1), opd: S2 }, all(null));
    for (const row of [recordToRow(shared, 1, 5), oldRow(shared)]) {
      expect(JSON.parse(rowToRecordJson(row))).toEqual(shared);
      expect(JSON.parse(rowToSharedRecordJson(row))).toEqual({ ...shared, stamps: S1, bases: null });
    }
    const row = recordToRow(mixed, 1, 5);
    expect(JSON.parse(rowToRecordJson(row))).toEqual(mixed);
    expect(JSON.parse(rowToSharedRecordJson(row))).toEqual(mixed);
  });

  it('refuses a row that shares only one of its stamps and bases', () => {
    const row = recordToRow(doc(all(S1), all(null)), 1, 5);
    expect(() => rowToRecord({ ...row, bases: JSON.stringify(all(null)) })).toThrow(/damaged row/);
    expect(() => rowToRecord({ ...row, stamps: JSON.stringify(all(S1)), bases: 'null' })).toThrow(
      /damaged row/,
    );
    expect(() => rowToRecord({ ...row, stamps: '5' })).toThrow(/damaged row/);
  });
});
