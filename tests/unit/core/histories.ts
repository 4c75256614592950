/**
 * Random edit histories of one field, for the conflict rule's property tests (core and server).
 * Several devices each edit the field a few times; between edits, devices pass what they have
 * seen to one another (a sync through the server, a hand-over file). Each edit's base is a write
 * its device has seen, chosen at random (usually the newest, sometimes an older one it still
 * shows), or none when it has seen nothing. Stamps rise with every edit, as HLC stamps do along
 * every chain of bases.
 *
 * The reference: a write's past is its base, plus that write's past, computed here as plain sets
 * while the history is made, without the code under test. A write is a conflict iff it is not
 * the field's value (the highest stamp) and not in the value's past: concurrent with it.
 */
import fc from 'fast-check';
import { encodeHlc } from '$src/core/hlc.ts';

export interface HistoryWrite {
  /** Its position in the history (w0, w1, ...), also its value. */
  name: string;
  stamp: string;
  base: string | null;
  device: number;
}

export interface History {
  writes: HistoryWrite[];
  /** The field's value: the write with the highest stamp. */
  winner: HistoryWrite;
  /** Stamps of the writes concurrent with the value (the reference conflicts). */
  concurrent: Set<string>;
}

type Step = { kind: 'edit'; device: number; pick: number } | { kind: 'share'; from: number; to: number };

const stepArb = (devices: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('edit' as const),
        device: fc.nat(devices - 1),
        pick: fc.nat(9),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('share' as const),
        from: fc.nat(devices - 1),
        to: fc.nat(devices - 1),
      }),
    },
  );

function build(devices: number, steps: Step[], t0: number, nodes: readonly string[]): History | null {
  const seen: Set<number>[] = Array.from({ length: devices }, () => new Set());
  const writes: HistoryWrite[] = [];
  const past: Set<number>[] = [];
  for (const s of steps) {
    if (s.kind === 'share') {
      for (const w of seen[s.from]!) seen[s.to]!.add(w);
      continue;
    }
    const mine = [...seen[s.device]!].sort((a, b) => a - b);
    // Mostly the newest seen write (what the device shows), sometimes an older one.
    const baseIx = mine.length === 0 ? null : s.pick < 6 ? mine.at(-1)! : mine[s.pick % mine.length]!;
    const ix = writes.length;
    writes.push({
      name: `w${ix}`,
      stamp: encodeHlc({ wall: t0 + ix, counter: 0, node: nodes[s.device]! }),
      base: baseIx === null ? null : writes[baseIx]!.stamp,
      device: s.device,
    });
    past.push(baseIx === null ? new Set() : new Set([baseIx, ...past[baseIx]!]));
    seen[s.device]!.add(ix);
  }
  if (writes.length === 0) return null;
  const top = writes.length - 1; // stamps rise with the history
  const concurrent = new Set(writes.filter((_, i) => i !== top && !past[top]!.has(i)).map((w) => w.stamp));
  return { writes, winner: writes[top]!, concurrent };
}

export function historyArb(nodes: readonly string[], t0 = 1_000_000, maxSteps = 16): fc.Arbitrary<History> {
  return fc
    .integer({ min: 2, max: nodes.length })
    .chain((devices) =>
      fc
        .array(stepArb(devices), { minLength: 1, maxLength: maxSteps })
        .map((steps) => build(devices, steps, t0, nodes)),
    )
    .filter((h): h is History => h !== null);
}

/** A delivery of a history's writes: every write at least once, some twice, in a random order,
 * cut into pages. */
export function deliveryArb(n: number): fc.Arbitrary<number[][]> {
  return fc
    .tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n)), { maxLength: 4 }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 * n + 8 }),
    )
    .map(([order, dups, pageSizes]) => {
      const seq = [...order];
      for (const [w, at] of dups) seq.splice(Math.min(at, seq.length), 0, w);
      const pages: number[][] = [];
      let i = 0;
      let p = 0;
      while (i < seq.length) {
        const size = pageSizes[p++ % pageSizes.length]!;
        pages.push(seq.slice(i, i + size));
        i += size;
      }
      return pages;
    });
}
