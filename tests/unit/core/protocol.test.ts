/**
 * The wire schema of a change (core/protocol.ts): fields, stamps and bases name the same fields,
 * at least one; a value may be any JSON (its own field schema judges it on the server) but never
 * `undefined`.
 */
import { ChangeSchema, RecordDocSchema } from '../../../src/core/protocol.ts';

const S = '000001764000000-00000-dev-1';
const good = {
  changeId: 'c1',
  table: 'entries',
  id: 'e1',
  fields: { nama: 'SIDOTI', opd: 'Dinas Kesehatan', urusan: ['kesehatan', { kode: 1 }] },
  stamps: { nama: S, opd: S, urusan: S },
  bases: { nama: null, opd: S, urusan: null },
};

describe('ChangeSchema', () => {
  it('accepts a change whose fields, stamps and bases name the same fields, in any order', () => {
    const reordered = { ...good, stamps: { urusan: S, opd: S, nama: S } };
    expect(ChangeSchema.safeParse(good).success).toBe(true);
    expect(ChangeSchema.safeParse(reordered).success).toBe(true);
  });

  it.each([
    ['a stamp for another field', { ...good, stamps: { nama: S, opd: S, lain: S } }],
    ['a missing stamp', { ...good, stamps: { nama: S, opd: S } }],
    ['an extra base', { ...good, bases: { ...good.bases, lain: null } }],
    ['no field at all', { ...good, fields: {}, stamps: {}, bases: {} }],
    ['an undefined value', { ...good, fields: { ...good.fields, nama: undefined } }],
    ['a stamp that is not an HLC', { ...good, stamps: { ...good.stamps, nama: 'kemarin' } }],
  ])('refuses %s', (_what, change) => {
    expect(ChangeSchema.safeParse(change).success).toBe(false);
  });
});

describe('RecordDocSchema', () => {
  it('takes any JSON value of a pulled record and refuses an undefined one', () => {
    const { changeId: _, ...doc } = good;
    expect(RecordDocSchema.safeParse(doc).success).toBe(true);
    expect(RecordDocSchema.safeParse({ ...doc, fields: { nama: undefined } }).success).toBe(false);
  });
});
