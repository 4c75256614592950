/**
 * The conflict rule (core/seen.ts) against a reference happens-before computed independently
 * (histories.ts): over random histories of several devices, a write is an open conflict iff it is
 * concurrent with the field's value, for every delivery order, duplication and paging. The
 * delivery is replayed the way the server does it (store/push-tx.ts settleConflicts): a merge
 * that keepsConflicts() changes nothing, any other recomputes the field's conflicts from every
 * write held, opening and withdrawing records.
 */
import fc from 'fast-check';
import { encodeHlc } from '$src/core/hlc.ts';
import { mergeRecords } from '$src/core/merge.ts';
import type { RecordDoc } from '$src/core/record.ts';
import { conflictStamps, keepsConflicts, type FieldWrite } from '$src/core/seen.ts';
import { deliveryArb, historyArb, type History, type HistoryWrite } from './histories.ts';

const NODES = ['dev-a', 'dev-b', 'dev-c', 'dev-d'] as const;

function docOf(w: HistoryWrite): RecordDoc {
  return {
    table: 'entries',
    id: 'e1',
    fields: { tujuan: w.name },
    stamps: { tujuan: w.stamp },
    bases: { tujuan: w.base },
  };
}

/** The server's way, in memory: the writes held, the value, the open conflicts. */
function deliver(h: History, pages: number[][]): Set<string> {
  const held = new Map<string, FieldWrite>();
  let value: FieldWrite | undefined;
  let open = new Set<string>();
  for (const page of pages)
    for (const ix of page) {
      const w = h.writes[ix]!;
      const inc = { stamp: w.stamp, base: w.base };
      const keeps = keepsConflicts(value, inc);
      held.set(w.stamp, inc);
      if (!value || inc.stamp > value.stamp) value = inc;
      if (!keeps) open = conflictStamps(held.values(), value);
    }
  return open;
}

const sorted = (s: Set<string>) => [...s].sort();

describe('conflict rule against a reference happens-before', () => {
  it('a merge that can follow the whole chain calls a loser concurrent iff it is', () => {
    fc.assert(
      fc.property(historyArb(NODES), (h) => {
        const log = new Map(h.writes.map((w) => [w.stamp, w.base]));
        const baseOf = (_f: string, s: string) => log.get(s);
        for (const x of h.writes) {
          if (x === h.winner) continue;
          for (const [a, b] of [
            [h.winner, x],
            [x, h.winner],
          ] as const) {
            const { lost } = mergeRecords(docOf(a), docOf(b), { baseOf });
            expect(lost).toHaveLength(1);
            expect(lost[0]!.stamp).toBe(x.stamp);
            expect(lost[0]!.concurrent).toBe(h.concurrent.has(x.stamp));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every delivery order, with duplicates and pages, ends with exactly the concurrent writes open', () => {
    const arb = historyArb(NODES).chain((h) =>
      fc.tuple(fc.constant(h), deliveryArb(h.writes.length), deliveryArb(h.writes.length)),
    );
    fc.assert(
      fc.property(arb, ([h, d1, d2]) => {
        const one = deliver(h, d1);
        expect(sorted(one)).toEqual(sorted(h.concurrent));
        expect(sorted(deliver(h, d2))).toEqual(sorted(one));
      }),
      { numRuns: 500 },
    );
  });

  it('a missing link counts as concurrent until it arrives, then the write it shows was seen is withdrawn', () => {
    const s = (wall: number, node: string) => encodeHlc({ wall, counter: 0, node });
    const v0 = { name: 'v0', stamp: s(10, 'p'), base: null, device: 0 };
    const vP = { name: 'vP', stamp: s(11, 'p'), base: v0.stamp, device: 0 };
    const vF1 = { name: 'vF1', stamp: s(12, 'f'), base: vP.stamp, device: 1 }; // F pulled vP
    const vF2 = { name: 'vF2', stamp: s(13, 'f'), base: vF1.stamp, device: 1 };
    const h: History = { writes: [v0, vP, vF1, vF2], winner: vF2, concurrent: new Set() };
    // vF1 not here yet: vF2's chain cannot be followed past it, so both older writes are open.
    expect(sorted(deliver(h, [[0, 1, 3]]))).toEqual([v0.stamp, vP.stamp]);
    expect(sorted(deliver(h, [[0, 1, 3], [2]]))).toEqual([]);
    expect(sorted(deliver(h, [[0, 1, 2, 3]]))).toEqual([]);
  });
});
