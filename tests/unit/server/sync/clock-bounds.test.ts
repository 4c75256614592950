/**
 * Issue 19, finding 4: a stamp the server hands out never stops a device's clock. The server
 * refuses counters beyond MAX_ACCEPTED_COUNTER (api.clock_counter) as it refuses walls more than
 * MAX_CLOCK_AHEAD_MS ahead (api.clock_ahead); a peer that pulls the most a server accepts still
 * writes. On SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HLC_ZERO,
  MAX_ACCEPTED_COUNTER,
  MAX_CLOCK_AHEAD_MS,
  receive,
  tick,
  uuidv7,
  type HlcState,
} from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { testApp } from '../helpers/app.ts';
import { change, stamp, sync } from '../helpers/client.ts';
import { adminDevice } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const FULL = 36 ** 5 - 1;

describe.each(await storeKinds())('clock bounds on %s', (kind) => {
  let opened: Opened;
  let app: App;

  beforeEach(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('refuses a full counter with api.clock_counter and stores nothing', async () => {
    const a = await adminDevice(opened.store, T0);
    const id = uuidv7(T0);
    const poison = change('entries', id, { nama: 'racun' }, stamp(T0 + 30_000, a.deviceId, FULL));
    const r = await sync(app, a, 0, [poison]);
    expect(r.accepted).toEqual([]);
    expect(r.rejected[0]).toMatchObject({ id: poison.changeId, code: 'api.clock_counter' });
    expect(r.rejected[0]!.message).toMatch(/cap waktu/i);
    expect(await opened.store.getRecord('entries', id)).toBeNull();
  });

  it('refuses a base from beyond the tolerance as it refuses such a stamp', async () => {
    const a = await adminDevice(opened.store, T0);
    const id = uuidv7(T0);
    const future = stamp(T0 + MAX_CLOCK_AHEAD_MS + 1000, a.deviceId);
    const r = await sync(app, a, 0, [
      change('entries', id, { nama: 'dasar palsu' }, stamp(T0, a.deviceId), future),
    ]);
    expect(r.rejected[0]).toMatchObject({ code: 'api.clock_ahead' });
    expect(await opened.store.getRecord('entries', id)).toBeNull();
  });

  it('a peer that pulls the highest stamp the server accepts can still write', async () => {
    const a = await adminDevice(opened.store, T0);
    const b = await adminDevice(opened.store, T0);
    const top = stamp(T0 + MAX_CLOCK_AHEAD_MS - 1000, a.deviceId, MAX_ACCEPTED_COUNTER);
    const pushed = await sync(app, a, 0, [change('entries', uuidv7(T0), { nama: 'di batas' }, top)]);
    expect(pushed.rejected).toEqual([]);
    const pulled = await sync(app, b, 0, []);
    let clock: HlcState = HLC_ZERO;
    for (const doc of pulled.changes)
      for (const s of Object.values(doc.stamps)) clock = receive(clock, s, T0);
    // Many writes within the same ms of wall (the device's own clock is a minute behind them).
    let last = top;
    for (let i = 0; i < 1000; i++) {
      const next = tick(clock, T0, b.deviceId);
      expect(next.stamp > last).toBe(true);
      last = next.stamp;
      clock = next.state;
    }
    const written = await sync(app, b, pulled.cursor, [
      change('entries', uuidv7(T0), { nama: 'tetap bisa menulis' }, last),
    ]);
    expect(written.rejected).toEqual([]);
  });
});
