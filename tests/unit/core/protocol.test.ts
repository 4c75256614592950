/**
 * The wire schema of a change (core/protocol.ts): fields, stamps and bases name the same fields,
 * at least one; a value may be any JSON (its own field schema judges it on the server) but never
 * `undefined`. Stamps and bases may come shared (one for every field), and parse to the maps.
 */
import fc from 'fast-check';
import { ChangeSchema, RecordDocSchema } from '$src/core/protocol.ts';
import { packStamps } from '$src/core/shared-stamps.ts';

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
    // With one shared stamp, so that nothing but the fields themselves is wrong.
    ['fields that are a list', { ...good, fields: ['SIDOTI'], stamps: S, bases: null }],
    ['fields that are null', { ...good, fields: null, stamps: S, bases: null }],
    [
      'a field name over 60 characters',
      { ...good, fields: { ['n'.repeat(61)]: 'x' }, stamps: S, bases: null },
    ],
  ])('refuses %s', (_what, change) => {
    expect(ChangeSchema.safeParse(change).success).toBe(false);
  });
});

describe('RecordDocSchema', () => {
  it('takes any JSON value of a pulled record and refuses an undefined one', () => {
    const { changeId: _, ...doc } = good;
    expect(RecordDocSchema.safeParse(doc).success).toBe(true);
    expect(RecordDocSchema.safeParse({ ...doc, fields: { nama: undefined } }).success).toBe(false);
    expect(RecordDocSchema.safeParse({ ...doc, fields: ['SIDOTI'], stamps: S, bases: null }).success).toBe(
      false,
    );
    // A field name of any length (a change's is at most 60: the server's to judge when it comes).
    const long = { ['n'.repeat(61)]: 'x' };
    expect(RecordDocSchema.parse({ ...doc, fields: long, stamps: S, bases: null }).fields).toEqual(long);
  });
});

describe('shared stamps (SHARED_STAMPS_HEADER)', () => {
  const S2 = '000001764000001-00000-dev-1';
  const { changeId: _, ...doc } = good;

  it('spreads one stamp and one base over every field, for a change and for a record', () => {
    const shared = { ...good, stamps: S2, bases: S };
    const spread = {
      ...good,
      stamps: { nama: S2, opd: S2, urusan: S2 },
      bases: { nama: S, opd: S, urusan: S },
    };
    expect(ChangeSchema.parse(shared)).toEqual(spread);
    const { changeId: __, ...spreadDoc } = spread;
    expect(RecordDocSchema.parse({ ...doc, stamps: S2, bases: null })).toEqual({
      ...spreadDoc,
      bases: { nama: null, opd: null, urusan: null },
    });
  });

  it('takes a shared stamp beside a map of bases, and the other way round', () => {
    expect(ChangeSchema.parse({ ...good, stamps: S2 }).stamps).toEqual({ nama: S2, opd: S2, urusan: S2 });
    expect(ChangeSchema.parse({ ...good, bases: null }).stamps).toEqual(good.stamps);
    expect(ChangeSchema.parse({ ...good, bases: null }).bases).toEqual({
      nama: null,
      opd: null,
      urusan: null,
    });
  });

  it('any record parses the same from its maps and from packStamps', () => {
    const stamp = fc.constantFrom(S, S2);
    const base = fc.constantFrom(null, S, S2);
    const names = ['nama', 'opd', 'deleted'];
    const arb = fc
      .record({
        fields: fc.dictionary(fc.constantFrom(...names), fc.string(), { minKeys: 1, maxKeys: 3 }),
        s: stamp,
        b: base,
        other: stamp,
        uniform: fc.boolean(),
      })
      .map(({ fields, s, b, other, uniform }) => {
        const keys = Object.keys(fields);
        return {
          table: 'entries',
          id: 'e1',
          fields,
          stamps: Object.fromEntries(keys.map((k, i) => [k, uniform || i > 0 ? s : other])),
          bases: Object.fromEntries(keys.map((k) => [k, b])),
        };
      });
    fc.assert(
      fc.property(arb, (record) => {
        expect(RecordDocSchema.parse(packStamps(record))).toEqual(RecordDocSchema.parse(record));
      }),
    );
  });

  it.each([
    ['a shared stamp that is not an HLC', { ...good, stamps: 'kemarin' }],
    ['a shared base that is not an HLC', { ...good, bases: 'kemarin' }],
    ['a shared stamp on no field', { ...good, fields: {}, stamps: S, bases: null }],
    ['a number for stamps', { ...good, stamps: 5 }],
  ])('refuses %s', (_what, change) => {
    expect(ChangeSchema.safeParse(change).success).toBe(false);
  });
});
