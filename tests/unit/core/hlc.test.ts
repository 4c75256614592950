/** Hybrid logical clock: monotonic, causal across nodes, fixed-width so string order is clock order. */
import fc from 'fast-check';
import {
  HLC_ZERO,
  HlcClock,
  MAX_ACCEPTED_COUNTER,
  encodeHlc,
  hlcWall,
  parseHlc,
  receive,
  tick,
  type HlcState,
} from '$src/core/hlc.ts';

const node = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/);
const parts = fc.record({
  wall: fc.integer({ min: 0, max: 999_999_999_999_999 }),
  counter: fc.integer({ min: 0, max: 36 ** 5 - 1 }),
  node,
});

describe('HLC', () => {
  it('encodes and parses back', () => {
    fc.assert(
      fc.property(parts, (p) => {
        expect(parseHlc(encodeHlc(p))).toEqual(p);
        expect(hlcWall(encodeHlc(p))).toBe(p.wall);
      }),
    );
  });

  it('string order is (wall, counter, node) order: the encoding is fixed-width', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const byTuple =
          a.wall !== b.wall
            ? a.wall < b.wall
            : a.counter !== b.counter
              ? a.counter < b.counter
              : a.node < b.node;
        const sa = encodeHlc(a);
        const sb = encodeHlc(b);
        if (sa !== sb) expect(sa < sb).toBe(byTuple);
      }),
    );
  });

  it('ticks strictly upward even when the physical clock goes back or stands still', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 50 }), (times) => {
        let state: HlcState = HLC_ZERO;
        let last = '';
        for (const t of times) {
          const r = tick(state, t, 'dev');
          expect(r.stamp > last).toBe(true);
          expect(hlcWall(r.stamp)).toBeGreaterThanOrEqual(t);
          last = r.stamp;
          state = r.state;
        }
      }),
    );
  });

  it('after receiving a stamp, the next local stamp sorts after it, whatever the local clock says', () => {
    fc.assert(
      fc.property(
        parts,
        fc.integer({ min: 0, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 1000 }),
        (remote, now, local) => {
          const remoteStamp = encodeHlc(remote);
          let state = tick(HLC_ZERO, local, 'me').state;
          state = receive(state, remoteStamp, now);
          const next = tick(state, now, 'me');
          expect(hlcWall(next.stamp)).toBeGreaterThanOrEqual(remote.wall);
          // Equal walls and counters tie-break on node; the counter moved past the remote's.
          expect(
            parseHlc(next.stamp).wall > remote.wall || parseHlc(next.stamp).counter > remote.counter,
          ).toBe(true);
        },
      ),
    );
  });

  it('a node whose clock is a year behind still orders its edits after what it has seen', () => {
    const YEAR = 365 * 24 * 3600 * 1000;
    const real = Date.UTC(2026, 10, 27);
    const ahead = new HlcClock('ahead', () => real);
    const behind = new HlcClock('behind', () => real - YEAR);
    const seen = ahead.now();
    behind.receive(seen);
    const mine = behind.now();
    expect(mine > seen).toBe(true);
    expect(hlcWall(mine)).toBe(real); // it borrows the wall it saw, it does not invent a later one
    expect(behind.now() > mine).toBe(true);
  });

  it('never throws on a stamp the wire allows: a full counter moves the wall on by 1 ms', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 0, max: 999_999_999_999_999 }), (remote, now) => {
        let state = receive(HLC_ZERO, encodeHlc(remote), now);
        let last = encodeHlc({ ...remote, node: '0' });
        for (let i = 0; i < 3; i++) {
          const next = tick(state, now, 'me');
          // Strictly after what it saw, except at the last ms the encoding can hold.
          if (state.wall < 999_999_999_999_999) {
            expect(next.stamp > last).toBe(true);
            // Never a counter the server would refuse (sync/check-change.ts).
            expect(parseHlc(next.stamp).counter).toBeLessThanOrEqual(MAX_ACCEPTED_COUNTER);
          }
          last = next.stamp;
          state = next.state;
        }
      }),
    );
    const full = receive(HLC_ZERO, encodeHlc({ wall: 5000, counter: 36 ** 5 - 1, node: 'x' }), 1000);
    const t = tick(full, 1000, 'me');
    expect(parseHlc(t.stamp)).toEqual({ wall: 5001, counter: 0, node: 'me' });
  });

  it('rejects malformed parts', () => {
    expect(() => encodeHlc({ wall: -1, counter: 0, node: 'a' })).toThrow(RangeError);
    expect(() => encodeHlc({ wall: 1, counter: 36 ** 5, node: 'a' })).toThrow(RangeError);
    expect(() => encodeHlc({ wall: 1, counter: 0, node: 'a b' })).toThrow(RangeError);
    expect(() => parseHlc('nope')).toThrow(RangeError);
  });
});
