/**
 * The laws that make merge a state-based CRDT, checked by fast-check on arbitrary partial docs.
 * Docs are built from a universe of field writes in which a stamp names exactly one write (as in
 * reality: a stamp carries its device's node id and counter), and any subset of those writes,
 * merged in any order, is a valid replica state.
 */
import fc from 'fast-check';
import { encodeHlc } from '$src/core/hlc.ts';
import { merge, mergeRecords } from '$src/core/merge.ts';
import type { FieldValue, LostWrite, RecordDoc } from '$src/core/record.ts';

const FIELDS = ['nama', 'opd', 'tahapan', 'deleted'] as const;
const NODES = ['devA', 'devB', 'devC', 'server'] as const;

interface Write {
  field: string;
  value: FieldValue;
  stamp: string;
  base: string | null;
}

const valueArb: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -5, max: 5 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
);

/** A set of writes with unique stamps; each base, when present, is an earlier write's stamp. */
const universeArb: fc.Arbitrary<Write[]> = fc
  .array(
    fc.record({
      field: fc.constantFrom(...FIELDS),
      value: valueArb,
      wall: fc.integer({ min: 1, max: 40 }),
      counter: fc.integer({ min: 0, max: 3 }),
      node: fc.constantFrom(...NODES),
      baseIx: fc.option(fc.nat(), { nil: null }),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((raw) => {
    const seen = new Set<string>();
    const out: Write[] = [];
    for (const r of raw) {
      const stamp = encodeHlc({ wall: r.wall, counter: r.counter, node: r.node });
      if (seen.has(stamp)) continue;
      seen.add(stamp);
      const earlier = out.filter((w) => w.field === r.field && w.stamp < stamp);
      const base =
        r.baseIx === null || earlier.length === 0 ? null : earlier[r.baseIx % earlier.length]!.stamp;
      out.push({ field: r.field, value: r.value, stamp, base });
    }
    return out;
  });

function changeOf(w: Write): RecordDoc {
  return {
    table: 'entries',
    id: 'e1',
    fields: { [w.field]: w.value },
    stamps: { [w.field]: w.stamp },
    bases: { [w.field]: w.base },
  };
}

const EMPTY: RecordDoc = { table: 'entries', id: 'e1', fields: {}, stamps: {}, bases: {} };

function docOf(writes: Write[]): RecordDoc {
  return writes.reduce((d, w) => merge(d, changeOf(w)), EMPTY);
}

/** A universe and three subsets of it (three replicas). */
const replicasArb = universeArb.chain((u) =>
  fc.tuple(fc.constant(u), fc.subarray(u), fc.subarray(u), fc.subarray(u)),
);

describe('merge laws', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(replicasArb, ([, a, b]) => {
        expect(merge(docOf(a), docOf(b))).toEqual(merge(docOf(b), docOf(a)));
      }),
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(replicasArb, ([, a, b, c]) => {
        const [x, y, z] = [docOf(a), docOf(b), docOf(c)];
        expect(merge(merge(x, y), z)).toEqual(merge(x, merge(y, z)));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(replicasArb, ([, a, b]) => {
        const x = docOf(a);
        expect(merge(x, x)).toEqual(x);
        const xy = merge(x, docOf(b));
        expect(merge(xy, docOf(b))).toEqual(xy);
        expect(mergeRecords(xy, x).changed).toEqual([]);
      }),
    );
  });

  it('converges under any interleaving, duplication and reordering of the same changes', () => {
    const arb = universeArb.chain((u) =>
      fc.tuple(
        fc.constant(u),
        // Each replica receives every change at least once, some twice, in its own order.
        fc
          .shuffledSubarray(u)
          .chain((dups) => fc.shuffledSubarray([...u, ...dups], { minLength: u.length + dups.length })),
        fc
          .shuffledSubarray(u)
          .chain((dups) => fc.shuffledSubarray([...u, ...dups], { minLength: u.length + dups.length })),
      ),
    );
    fc.assert(
      fc.property(arb, ([u, order1, order2]) => {
        const r1 = docOf(order1);
        const r2 = docOf(order2);
        expect(r1).toEqual(r2);
        // And the state is "the latest write of each field".
        for (const f of FIELDS) {
          const latest = u.filter((w) => w.field === f).sort((x, y) => (x.stamp < y.stamp ? 1 : -1))[0];
          expect(r1.fields[f]).toEqual(latest?.value);
          expect(r1.stamps[f]).toBe(latest?.stamp);
        }
      }),
    );
  });

  it('merging replicas as whole docs equals replaying their changes one by one', () => {
    fc.assert(
      fc.property(replicasArb, ([, a, b]) => {
        expect(merge(docOf(a), docOf(b))).toEqual(docOf([...a, ...b]));
      }),
    );
  });

  it('accounts for every write: each is the winner of its field or reported lost', () => {
    fc.assert(
      fc.property(
        universeArb.chain((u) => fc.shuffledSubarray(u, { minLength: u.length })),
        (order) => {
          let doc = EMPTY;
          const lost: LostWrite[] = [];
          for (const w of order) {
            const r = mergeRecords(doc, changeOf(w));
            doc = r.doc;
            lost.push(...r.lost);
          }
          const lostStamps = new Set(lost.map((l) => l.stamp));
          for (const w of order) {
            const won = doc.stamps[w.field] === w.stamp;
            expect(won !== lostStamps.has(w.stamp)).toBe(true);
          }
          for (const l of lost) {
            const w = order.find((x) => x.stamp === l.stamp)!;
            expect(l.value).toEqual(w.value);
            expect(l.winnerStamp > l.stamp).toBe(true);
          }
        },
      ),
    );
  });
});
