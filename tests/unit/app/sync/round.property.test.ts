/**
 * The sync round's state machine (src/app/sync/round.ts) against a model device and server, with
 * its effects completed in any order fast-check picks, and any of its requests lost before or
 * after the server committed them, refused with 401, or failed with 500. Whatever the
 * interleaving:
 * - nothing leaves the outbox that the server did not accept;
 * - the stored cursor never moves past a pull page that was not applied;
 * - every change is at the server or still in the outbox, and once the faults stop, rounds
 *   finish and every change the server would take is taken (the refused ones wait, parked).
 * A failure prints fast-check's seed and path: FC_SEED=… FC_PATH=… replays exactly that case.
 */
import fc from 'fast-check';
import type { SyncResponse } from '$src/core/protocol.ts';
import type { OutboxRow } from '$src/app/db/types.ts';
import { start, step } from '$src/app/sync/round.ts';
import type { Effect, Event, RoundState } from '$src/app/sync/round-state.ts';
import { mulberry32 } from '../../../fault/prng.ts';
import { row } from './round-notation.ts';

/** Rows: plain entries, "x…" refused by the server per change, "y…" whose request the server
 * cannot even parse (400), "k…" stamped ahead (refused until re-stamped), "p…" with a photo. */
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k1', 'p1', 'p2', 'x1', 'y1'];
const PULL_LIMIT = 3;

interface World {
  outbox: Map<string, { row: OutboxRow; state: 'pending' | 'rejected' }>;
  /** Change ids the server took, and its change log (others' records and ours). */
  accepted: Set<string>;
  log: string[];
  /** The token the server knows, and the one the device holds (null: not registered). */
  serverToken: string;
  deviceToken: string | null;
  skewed: Set<string>;
  photosUp: Set<string>;
  cursor: number;
  /** Log positions the device has applied. */
  seen: Set<number>;
}

function world(names: string[], others: number): World {
  const outbox = new Map(names.map((n) => [n, { row: row(n), state: 'pending' as const }]));
  return {
    outbox,
    accepted: new Set(),
    log: Array.from({ length: others }, (_, i) => `other${i}`),
    serverToken: 't0',
    deviceToken: null,
    skewed: new Set(names.filter((n) => n.startsWith('k'))),
    photosUp: new Set(),
    cursor: 0,
    seen: new Set(),
  };
}

const pending = (w: World) => [...w.outbox.values()].filter((o) => o.state === 'pending').map((o) => o.row);
const byName = (names: string[]) => names.map((n) => row(n));

type Outcome = 'ok' | 'lost' | 'lostAfterCommit' | 'unauthorized' | 'server';

/** The server's answer to a push/pull: commits what it takes, unless the request is refused. */
function serve(
  w: World,
  e: Extract<Effect, { type: 'send' }>,
  outcome: Outcome,
  now: number,
): SyncResponse | number {
  const f = e.flight;
  if (outcome === 'lost') return 0;
  if (outcome === 'server') return 500;
  if (f.token !== w.serverToken) return 401;
  if (f.page.some((r) => r.changeId.startsWith('y'))) return 400;
  const res: SyncResponse = { accepted: [], rejected: [], changes: [], cursor: 0, more: false, now };
  for (const r of f.page) {
    const id = r.changeId;
    if (id.startsWith('x')) res.rejected.push({ id, code: 'api.invalid_body', message: 'x', messageEn: 'x' });
    else if (w.skewed.has(id))
      res.rejected.push({ id, code: 'api.clock_ahead', message: 'k', messageEn: 'k' });
    else {
      if (!w.accepted.has(id)) w.log.push(id);
      w.accepted.add(id);
      res.accepted.push(id);
    }
  }
  const to = Math.min(w.log.length, f.since + PULL_LIMIT);
  res.changes = w.log
    .slice(f.since, to)
    .map((id) => ({ table: 'entries', id, fields: {}, stamps: {}, bases: {} }));
  res.cursor = to;
  res.more = to < w.log.length;
  return outcome === 'lostAfterCommit' ? 0 : res;
}

const netFailure = (status: number): Extract<Event, { type: 'failed' }>['failure'] => ({
  error: new Error(String(status)),
  net: { code: `s${status}`, status, retryable: status === 0 || status >= 500 },
});

/** Perform one effect against the model; the event it reports. */
function perform(
  w: World,
  e: Effect,
  outcome: Outcome,
  /** Another device's write reaches the server before this request does. */
  others: boolean,
  expect: (ok: boolean, what: string) => void,
): Event | null {
  switch (e.type) {
    case 'register':
      if (outcome !== 'ok') return { type: 'failed', of: 'register', failure: netFailure(0) };
      w.serverToken = `t${Number(w.serverToken.slice(1).split('-')[0]) + 1}`;
      w.deviceToken = w.serverToken;
      return { type: 'registered', token: w.serverToken };
    case 'begin': {
      const photos = pending(w).filter((r) => r.changeId.startsWith('p') && !w.photosUp.has(r.changeId));
      return { type: 'begun', photos: photos.map((r) => ({ records: [r.id], rows: [r] })) };
    }
    case 'restamp':
      w.skewed.clear();
      return { type: 'restamped', count: 1 };
    case 'park':
      for (const id of e.ids) w.outbox.get(id)!.state = 'rejected';
      return { type: 'parked' };
    case 'read':
    case 'readAhead': {
      const after = e.type === 'readAhead' ? e.afterSeq : -1;
      const rows = pending(w)
        .filter((r) => r.seq! > after && !e.hold.includes(r.id))
        .slice(0, e.cap);
      if (e.type === 'readAhead') return { type: 'aheadRead', flight: e.flight, ahead: { rows } };
      const skewed = e.clock ? rows.filter((r) => w.skewed.has(r.changeId)).map((r) => r.changeId) : [];
      return { type: 'pageRead', rows, skewed };
    }
    case 'upload': {
      const u = e.upload;
      if (outcome === 'server')
        return { type: 'failed', of: 'upload', purpose: u.purpose, failure: netFailure(500) };
      if (
        u.rows.some((r) => r.changeId.startsWith('p') && !w.photosUp.has(r.changeId)) &&
        u.token !== w.serverToken
      )
        return { type: 'failed', of: 'upload', purpose: u.purpose, failure: netFailure(401) };
      for (const r of u.rows) if (r.changeId.startsWith('p')) w.photosUp.add(r.changeId);
      const skewed = e.clock ? u.rows.filter((r) => w.skewed.has(r.changeId)).map((r) => r.changeId) : [];
      return { type: 'uploaded', purpose: u.purpose, kept: u.rows, parked: 0, skewed };
    }
    case 'progress':
      return null;
    case 'cursor':
      return { type: 'cursorRead', cursor: w.cursor };
    case 'send': {
      if (outcome === 'unauthorized') w.serverToken = `${w.serverToken}-revoked`;
      // Pulls must not skip what another device wrote meanwhile.
      if (others) w.log.push(`other${w.log.length}`);
      const res = serve(w, e, outcome, 1_000);
      if (typeof res === 'number')
        return { type: 'failed', of: 'send', flight: e.flight.id, failure: netFailure(res) };
      return { type: 'answered', flight: e.flight.id, res, sentAt: 0, arrivedAt: 0 };
    }
    case 'apply': {
      const { res } = e;
      for (const id of res.accepted) {
        expect(w.accepted.has(id), `${id} acknowledged but not accepted by the server`);
        w.outbox.delete(id);
      }
      for (const r of res.rejected) if (r.code !== 'api.clock_ahead') w.outbox.get(r.id)!.state = 'rejected';
      for (let i = e.flight.since; i < res.cursor; i++) w.seen.add(i);
      // As the replica stores it (replica/sync-state.ts advanceCursor): never back.
      w.cursor = Math.max(w.cursor, res.cursor);
      for (let i = 0; i < w.cursor; i++)
        expect(w.seen.has(i), `cursor ${w.cursor} past unapplied position ${i}`);
      const ahead = res.rejected.filter((r) => r.code === 'api.clock_ahead').map((r) => r.id);
      return { type: 'applied', offset: 0, ahead };
    }
  }
}

/** One round, its effects completed in the order `rand` picks, faults as `fault` says. */
function round(
  w: World,
  rand: () => number,
  fault: number,
  check: (ok: boolean, what: string) => void,
): RoundState {
  const first = start({ token: w.deviceToken, pushMax: 2, earlyRefused: false });
  let state = first.state;
  const pool: Effect[] = [...first.effects];
  for (let n = 0; state.phase === 'running'; n++) {
    if (n > 5_000 || pool.length === 0)
      throw new Error(`round stuck: ${state.wait.on}, ${pool.length} effects`);
    const e = pool.splice(Math.floor(rand() * pool.length), 1)[0]!;
    const r = rand();
    const outcome: Outcome =
      rand() >= fault
        ? 'ok'
        : r < 0.3
          ? 'lost'
          : r < 0.55
            ? 'lostAfterCommit'
            : r < 0.8
              ? 'unauthorized'
              : 'server';
    const ev = perform(
      w,
      e,
      e.type === 'send' || e.type === 'upload' || e.type === 'register' ? outcome : 'ok',
      fault > 0 && rand() < 0.3,
      check,
    );
    if (!ev) continue;
    const next = step(state, ev);
    state = next.state;
    pool.push(...next.effects);
  }
  return state;
}

describe('sync round under any interleaving', () => {
  it('keeps the outbox and the cursor consistent, and delivers everything once the faults stop', () => {
    fc.assert(
      fc.property(
        fc.subarray(NAMES, { minLength: 1 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer(),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (names, others, seed, fault) => {
          const rand = mulberry32(seed);
          const w = world(names, others);
          const broken: string[] = [];
          const check = (ok: boolean, what: string) => void (ok || broken.push(what));
          round(w, rand, fault, check);
          for (const n of names) check(w.accepted.has(n) || w.outbox.has(n), `${n} neither sent nor waiting`);
          let last: RoundState | null = null;
          for (let i = 0; i < 10 && last?.phase !== 'done'; i++) last = round(w, rand, 0, check);
          expect(last?.phase).toBe('done');
          expect(broken).toEqual([]);
          const refused = (n: string) => n.startsWith('x') || n.startsWith('y');
          expect(pending(w)).toEqual([]);
          expect(byName(names.filter((n) => !refused(n) && !w.accepted.has(n)))).toEqual([]);
          expect([...w.outbox.keys()].filter((n) => !refused(n))).toEqual([]);
          expect(w.cursor).toBe(w.log.length);
        },
      ),
      {
        numRuns: 300,
        // Found by random runs (about one run in ten failed), kept so every run checks them:
        // two pages from one cursor served in the other order, then the older answer applied
        // last moved the stored cursor back (8 of 10), or its stale "no more" ended the round
        // one change short (3 of 4).
        examples: [
          [['c', 'f', 'g'], 7, 0, 0.22327202744781974],
          [['a', 'd', 'g', 'h'], 0, 6, 0.4529958742205054],
        ],
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}),
      },
    );
  });
});
