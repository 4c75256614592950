/**
 * Devices whose clock is a year off. Time is simulated: `t` is the real time (the server's
 * clock), each device's physical clock is `t + skew`. The promise: the skewed device's edits
 * arrive, and they neither beat a newer edit made elsewhere nor lose to an older one.
 */
import { gunzipSync } from 'node:zlib';
import { HLC_RE, hlcWall } from '$src/core/hlc.ts';
import { SyncRequestSchema } from '$src/core/protocol.ts';
import {
  TEST_WORKSHOP,
  inProcessServer,
  makeDevice,
  provisionFacilitator,
  snapshot,
  type Device,
  type InProcessServer,
} from '../../../fault/harness.ts';

const YEAR = 365 * 24 * 3600 * 1000;
const MIN = 60_000;
let t = Date.UTC(2026, 10, 27, 8, 0, 0);
let server: InProcessServer;
const devices: Device[] = [];

async function device(name: string, skew: () => number, opts: { pushMaxChanges?: number } = {}) {
  const d = await makeDevice(name, server.fetch, {
    now: () => t + skew(),
    provision: (id) => provisionFacilitator(server.store, id, t),
    ...opts,
  });
  devices.push(d);
  return d;
}

beforeEach(async () => {
  t = Date.UTC(2026, 10, 27, 8, 0, 0);
  server = await inProcessServer();
  server.setClock(() => t);
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  await server.close();
});

const entry = { nama: 'SIDOTI', opd: 'Dinas Kesehatan', tahapan: 'Inisiatif', workshopId: TEST_WORKSHOP };

/** Both devices start in sync with a shared entry; then A's clock jumps by `jump`. */
async function setup(jump: number) {
  let skewA = 0;
  const a = await device('a', () => skewA);
  const b = await device('b', () => 0);
  await b.write('entries', 'e1', entry);
  await b.engine.round();
  t += MIN;
  await a.engine.round();
  expect((await a.db.entries.get('e1'))?.fields.nama).toBe('SIDOTI');
  skewA = jump;
  return { a, b };
}

async function converge(a: Device, b: Device) {
  for (let i = 0; i < 2; i++) {
    t += 1000;
    expect((await a.engine.round()).ok).toBe(true);
    t += 1000;
    expect((await b.engine.round()).ok).toBe(true);
  }
  expect(await snapshot(a.db, ['entries', 'conflicts'])).toEqual(
    await snapshot(b.db, ['entries', 'conflicts']),
  );
}

describe.each([
  ['a year ahead', YEAR],
  ['a year behind', -YEAR],
])('a device whose clock is %s', (_label, jump) => {
  it('does not beat a newer edit made elsewhere; its edit arrives and is kept as a conflict', async () => {
    const { a, b } = await setup(jump);
    t += 5 * MIN;
    await a.write('entries', 'e1', { nama: 'DARI A (lebih lama)' }); // offline
    t += 5 * MIN;
    await b.write('entries', 'e1', { nama: 'DARI B (lebih baru)' });
    await b.engine.round();
    t += MIN;
    const r = await a.engine.round();
    expect(r.ok).toBe(true);
    expect(r.restamped).toBe(1);
    expect(await a.db.outbox.count()).toBe(0); // arrived

    await converge(a, b);
    expect((await a.db.entries.get('e1'))?.fields.nama).toBe('DARI B (lebih baru)');
    // The lost edit is kept: as a conflict record from the server, with A's value.
    const conflicts = await b.db.conflicts.toArray();
    expect(conflicts.map((c) => c.fields.value)).toContain('DARI A (lebih lama)');
    // Every stored stamp is within a minute of real time: nothing from a year away.
    for (const rec of await a.db.entries.toArray()) {
      for (const s of Object.values(rec.stamps)) {
        expect(s).toMatch(HLC_RE);
        expect(Math.abs(hlcWall(s) - t)).toBeLessThan(60 * MIN);
      }
    }
  });

  it('beats an older edit made elsewhere', async () => {
    const { a, b } = await setup(jump);
    t += 5 * MIN;
    await b.write('entries', 'e1', { nama: 'DARI B (lebih lama)' });
    await b.engine.round();
    t += 5 * MIN;
    await a.write('entries', 'e1', { nama: 'DARI A (lebih baru)' }); // A has not seen B's edit
    t += MIN;
    expect((await a.engine.round()).ok).toBe(true);
    await converge(a, b);
    expect((await b.db.entries.get('e1'))?.fields.nama).toBe('DARI A (lebih baru)');
    // Later local edits on A sort after what A saw, at (about) real time.
    t += MIN;
    await a.write('entries', 'e1', { opd: 'Dinas Pendidikan' });
    const stamp = (await a.db.entries.get('e1'))!.stamps.opd!;
    expect(Math.abs(hlcWall(stamp) - t)).toBeLessThan(2 * MIN);
  });
});

it('skewed edits queued behind good ones are re-stamped before their page leaves, not refused', async () => {
  // Every change the device pushes, as the server receives it.
  const pushed: { id: string; walls: number[] }[] = [];
  const fetch: typeof server.fetch = async (input, init) => {
    if (new URL(input).pathname.endsWith('/sync')) {
      const body = init!.body;
      const text =
        typeof body === 'string' ? body : gunzipSync(Buffer.from(body as ArrayBuffer)).toString('utf8');
      // Read as the server reads it (shared stamps spread over their fields).
      for (const c of SyncRequestSchema.parse(JSON.parse(text)).changes)
        pushed.push({ id: c.id, walls: Object.values(c.stamps).map(hlcWall) });
    }
    return server.fetch(input, init);
  };
  let skewA = 0;
  const a = await makeDevice('a', fetch, {
    now: () => t + skewA,
    provision: (id) => provisionFacilitator(server.store, id, t),
    pushMaxChanges: 2,
  });
  devices.push(a);
  await a.engine.round(); // learns the clock offset
  await a.write('entries', 'ok1', entry);
  await a.write('entries', 'ok2', entry);
  skewA = YEAR;
  for (const id of ['s1', 's2', 's3']) await a.write('entries', id, entry);
  t += MIN;
  const r = await a.engine.round();
  expect(r).toMatchObject({ ok: true, accepted: 5, rejected: 0, restamped: 3 });
  expect(await a.db.outbox.count()).toBe(0);
  // No change left with a stamp from a year away: the server never had to refuse one.
  expect(pushed.map((p) => p.id).sort()).toEqual(['ok1', 'ok2', 's1', 's2', 's3']);
  for (const p of pushed) for (const w of p.walls) expect(Math.abs(w - t)).toBeLessThan(2 * MIN);
});

it('a device that was a year ahead from its first edit: edits arrive with real time', async () => {
  const a = await device('a', () => YEAR);
  const b = await device('b', () => 0);
  await a.write('entries', 'e9', entry);
  t += MIN;
  const r = await a.engine.round();
  expect(r).toMatchObject({ ok: true, accepted: 1 });
  expect(r.restamped).toBe(1);
  await b.engine.round();
  const rec = await b.db.entries.get('e9');
  expect(rec?.fields.nama).toBe('SIDOTI');
  expect(Math.abs(hlcWall(rec!.stamps.nama!) - t)).toBeLessThan(2 * MIN);
});

it('a clock set wrong AFTER an edit does not move that edit to a later time', async () => {
  let skewA = 0;
  const a = await device('a', () => skewA);
  const b = await device('b', () => 0);
  await b.write('entries', 'e1', entry);
  await b.engine.round();
  await a.engine.round();
  t += MIN;
  await a.write('entries', 'e1', { nama: 'DARI A (lebih lama)' }); // right clock, offline
  skewA = -YEAR; // then someone sets the date back a year
  t += 30 * MIN;
  await b.write('entries', 'e1', { nama: 'DARI B (lebih baru)' });
  await b.engine.round();
  t += 30 * MIN;
  const r = await a.engine.round();
  expect(r).toMatchObject({ ok: true, restamped: 0 });
  await converge(a, b);
  expect((await a.db.entries.get('e1'))?.fields.nama).toBe('DARI B (lebih baru)');
});

it('re-stamping keeps the fields of one write on one stamp, and a later edit based on it', async () => {
  const a = await device('a', () => YEAR);
  const b = await device('b', () => 0);
  await a.write('entries', 'e7', entry); // one write: every field on one stamp
  await a.write('entries', 'e7', { nama: 'SIDOTI 2' }); // based on that stamp
  t += MIN;
  const r = await a.engine.round();
  expect(r).toMatchObject({ ok: true, accepted: 2, restamped: 2 });
  await b.engine.round();
  const rec = (await b.db.entries.get('e7'))!;
  expect(rec.fields.nama).toBe('SIDOTI 2');
  // The first write's fields still share their (new) stamp, and the edit's base is that stamp.
  expect(new Set([rec.stamps.opd, rec.stamps.tahapan, rec.stamps.workshopId]).size).toBe(1);
  expect(rec.bases.nama).toBe(rec.stamps.opd);
  expect(rec.stamps.nama! > rec.stamps.opd!).toBe(true);
  expect(Math.abs(hlcWall(rec.stamps.opd!) - t)).toBeLessThan(2 * MIN);
  expect(await a.db.entries.get('e7')).toEqual({ ...rec, updatedAt: expect.any(Number) });
});
