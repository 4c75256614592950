/** The conflict record built once for the server and the device (core/conflict-record.ts). */
import { conflictRecord } from '$src/core/conflict-record.ts';
import { encodeHlc } from '$src/core/hlc.ts';
import { conflictId, merge } from '$src/core/merge.ts';
import { conflictFieldSchemas } from '$src/core/tables.ts';
import type { LostWrite } from '$src/core/record.ts';

const at = (wall: number, node: string) => encodeHlc({ wall, counter: 0, node });
const lost: LostWrite = {
  table: 'entries',
  recordId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  field: 'nama',
  value: 'Nilai yang kalah',
  stamp: at(1_000, 'dev-a'),
  winnerStamp: at(2_000, 'dev-b'),
  concurrent: true,
};

describe('conflictRecord', () => {
  it('holds the lost value, its stamp and the winner, open, under the id every site computes', () => {
    const stamp = at(3_000, 'server');
    const rec = conflictRecord(lost, stamp);
    expect(rec).toEqual({
      table: 'conflicts',
      id: conflictId(lost),
      fields: {
        table: 'entries',
        recordId: lost.recordId,
        field: 'nama',
        value: 'Nilai yang kalah',
        stamp: lost.stamp,
        winnerStamp: lost.winnerStamp,
        resolved: false,
        deleted: false,
      },
      stamps: Object.fromEntries(Object.keys(rec.fields).map((f) => [f, stamp])),
      bases: Object.fromEntries(Object.keys(rec.fields).map((f) => [f, null])),
    });
  });

  it('has exactly the fields the conflicts schema validates, each valid', () => {
    const rec = conflictRecord(lost, at(3_000, 'server'));
    expect(Object.keys(rec.fields).sort()).toEqual(Object.keys(conflictFieldSchemas).sort());
    for (const [f, schema] of Object.entries(conflictFieldSchemas))
      expect(schema.safeParse(rec.fields[f]).success).toBe(true);
  });

  it('made on the server and on a device, the two copies merge into one with the same fields', () => {
    const onServer = conflictRecord(lost, at(3_000, 'server'));
    const onDevice = conflictRecord(lost, at(2_500, 'dev-c'));
    const merged = merge(onServer, onDevice);
    expect(merged.id).toBe(onServer.id);
    expect(merged.fields).toEqual(onServer.fields);
    expect(merge(onDevice, onServer)).toEqual(merged);
  });
});
