/**
 * Stamps and bases shared by every field are stored once (src/app/db/stamp-codec.ts), and the
 * app never sees the difference: every read path gives back exactly the row that was written,
 * rows stored before the codec read as they are, and a row that does not pack stays as it is.
 */
import { Dexie } from 'dexie';
import fc from 'fast-check';
import type { LumbungDb } from '../../../src/app/db/db.ts';
import { writeRecord } from '../../../src/app/db/records.ts';
import { packStamps, unpackStamps } from '../../../src/app/db/stamp-codec.ts';
import { useFreshDb } from './helpers.ts';

const S1 = '001796165860213-00000-dev-a';
const S2 = '001796165860213-00001-dev-a';

const doc = (stamps: Record<string, string>, bases: Record<string, string | null>) => ({
  table: 'entries',
  id: 'e1',
  fields: { nama: 'SIDOTI', opd: 'Dinas Kesehatan', deleted: false },
  stamps,
  bases,
  updatedAt: 5,
});
const all = <T>(v: T) => ({ nama: v, opd: v, deleted: v });

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

describe('through Dexie', () => {
  const fresh = useFreshDb();
  let d: LumbungDb;
  beforeEach(() => {
    d = fresh();
  });

  /** The same database opened without the app's schema or middleware: the rows as stored. */
  async function raw<T>(fn: (r: Dexie) => Promise<T>): Promise<T> {
    const r = new Dexie(d.name);
    await r.open();
    try {
      return await fn(r);
    } finally {
      r.close();
    }
  }

  it('stores a new entry and its outbox change packed, and every read gives back the full row', async () => {
    const written = await writeRecord(d, 'entries', 'e1', {
      nama: 'SIDOTI',
      opd: 'Dinas Kesehatan',
      authorId: 'p1',
    });
    const stored = await raw((r) => r.table('entries').get('e1'));
    expect(typeof stored.stamps).toBe('string');
    expect(stored.bases).toBeNull();
    const change = await raw((r) => r.table('outbox').toArray());
    expect(typeof change[0].stamps).toBe('string');

    expect(await d.entries.get('e1')).toEqual(written);
    expect(await d.entries.bulkGet(['e1'])).toEqual([written]);
    expect(await d.entries.toArray()).toEqual([written]);
    expect(await d.entries.where('fields.authorId').equals('p1').toArray()).toEqual([written]);
    const seen: unknown[] = [];
    await d.entries.each((row) => void seen.push(row));
    expect(seen).toEqual([written]);
    const [out] = await d.outbox.toArray();
    expect(out!.stamps).toEqual({
      nama: written.stamps.nama,
      opd: written.stamps.nama,
      authorId: written.stamps.nama,
    });
    expect(out!.bases).toEqual({ nama: null, opd: null, authorId: null });
  });

  it('an edit of one field stores the record full, and the next full write packs it again', async () => {
    const first = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI', opd: 'Dinas Kesehatan' });
    const second = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI 2' });
    expect(second.stamps.nama! > first.stamps.opd!).toBe(true);
    expect(second.bases).toEqual({ nama: first.stamps.nama, opd: null });
    const stored = await raw((r) => r.table('entries').get('e1'));
    expect(stored.stamps).toEqual(second.stamps);
    expect(await d.entries.get('e1')).toEqual(second);
    // Dexie's modify reads through a cursor and writes back: the row stays what it was.
    await d.entries
      .where('id')
      .equals('e1')
      .modify((row) => void (row.updatedAt = 42));
    expect(await d.entries.get('e1')).toEqual({ ...second, updatedAt: 42 });
  });

  it('reads a row stored before the codec as it is, and packs it when it is next written', async () => {
    const old = doc(all(S1), all(null));
    await raw((r) => r.table('entries').put(old));
    expect(await d.entries.get('e1')).toEqual(old);
    await d.entries.put({ ...old, updatedAt: 9 } as never);
    const stored = await raw((r) => r.table('entries').get('e1'));
    expect(stored).toEqual({ ...old, updatedAt: 9, stamps: S1, bases: null });
  });
});
