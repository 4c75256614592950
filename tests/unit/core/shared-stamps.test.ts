/**
 * Shared stamps (src/core/shared-stamps.ts): a document whose fields all share one stamp and one
 * base packs to one string and one base, and unpacks to exactly the document it was; any other
 * document is left as it is.
 */
import fc from 'fast-check';
import { packStamps, unpackStamps } from '$src/core/shared-stamps.ts';
import { all, doc, S1, S2 } from './stamped-docs.ts';

describe('packStamps / unpackStamps', () => {
  it('packs one stamp and one base shared by every field, and unpacks to the same row', () => {
    for (const base of [null, S1]) {
      const row = doc(all(S2), all(base));
      const packed = packStamps(row);
      expect(packed).toEqual({ ...row, stamps: S2, bases: base });
      expect(unpackStamps(packed)).toEqual(row);
    }
  });

  it('keeps a row as it is when its fields do not share one stamp and one base', () => {
    const rows = [
      doc({ ...all(S1), opd: S2 }, all(null)),
      doc(all(S1), { ...all(null), opd: S1 }),
      doc({ ...all(S1), extra: S1 }, all(null)), // a stamp without a field
      doc(all(S1), { nama: null, opd: null }), // a field without a base
      { ...doc({}, {}), fields: {} }, // nothing to share
      { key: 'cursor', value: 3 }, // not a document at all
    ];
    for (const row of rows) {
      expect(packStamps(row)).toBe(row);
      expect(unpackStamps(row)).toBe(row);
    }
  });

  it('any document comes back exactly as it went in', () => {
    const names = ['nama', 'opd', 'tahapan', 'deleted'];
    const stamp = fc.constantFrom(S1, S2);
    const base = fc.constantFrom(null, S1, S2);
    const arb = fc
      .record({
        fields: fc.dictionary(fc.constantFrom(...names), fc.string(), { maxKeys: 4 }),
        stamps: fc.dictionary(fc.constantFrom(...names), stamp, { maxKeys: 4 }),
        bases: fc.dictionary(fc.constantFrom(...names), base, { maxKeys: 4 }),
        uniform: fc.boolean(),
        s: stamp,
        b: base,
      })
      .map(({ fields, stamps, bases, uniform, s, b }) =>
        uniform
          ? {
              id: 'x',
              fields,
              stamps: Object.fromEntries(Object.keys(fields).map((k) => [k, s])),
              bases: Object.fromEntries(Object.keys(fields).map((k) => [k, b])),
            }
          : { id: 'x', fields, stamps, bases },
      );
    fc.assert(
      fc.property(arb, (row) => {
        const packed = packStamps(row);
        expect(unpackStamps(packed)).toEqual(row);
        // Packed exactly when every field shares one stamp and one base.
        const keys = Object.keys(row.fields);
        const shared =
          keys.length > 0 &&
          Object.keys(row.stamps).length === keys.length &&
          Object.keys(row.bases).length === keys.length &&
          keys.every(
            (k) =>
              k in row.stamps &&
              k in row.bases &&
              row.stamps[k] === row.stamps[keys[0]!] &&
              row.bases[k] === row.bases[keys[0]!],
          );
        expect(typeof packed.stamps === 'string').toBe(shared);
      }),
    );
  });
});
