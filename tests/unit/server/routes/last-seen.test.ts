/**
 * "Last seen" in the admin's device and facilitator lists: registering or joining notes the time,
 * and so does a device's authenticated request, at most once a minute (one small write per device,
 * not per request); a refused token notes nothing. On SQLite and (when it answers) PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '$src/server/app.ts';
import { get } from '../helpers/admin.ts';
import { register, sync } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);

interface ListedDevice {
  id: string;
  lastSeenAt: number | null;
}

describe.each(await storeKinds())('last seen on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  let admin: Dev;
  let code: string;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now, { joinLimit: { max: 1000, windowMs: 60_000 } });
    code = (await seedWorkshop(opened.store, () => now, { nama: 'Lokakarya A' })).facilitatorCode;
    admin = await adminDevice(opened.store, T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const seen = async (id: string) => {
    const res = await get(app, '/api/v1/admin/devices?role=facilitator', admin.token);
    const list = ((await res.json()) as { devices: ListedDevice[] }).devices;
    return list.find((d) => d.id === id)?.lastSeenAt;
  };

  it('joining notes the time; a sync notes it again once a minute at most; a refused token notes nothing', async () => {
    const f = await join(app, code, 'fac-1');
    // Joining is a visit: the device's first syncs need no write of their own.
    expect(await seen(f.deviceId)).toBe(T0);

    // Within the minute: not written again.
    now = T0 + 30_000;
    await sync(app, f, 0, []);
    expect(await seen(f.deviceId)).toBe(T0);

    // A minute on: noted again.
    now = T0 + 70_000;
    await sync(app, f, 0, []);
    expect(await seen(f.deviceId)).toBe(T0 + 70_000);

    // And not again within the minute after that.
    now = T0 + 100_000;
    await sync(app, f, 0, []);
    expect(await seen(f.deviceId)).toBe(T0 + 70_000);

    // A revoked token is refused before anything is noted.
    await opened.store.revokeDevice(f.deviceId, T0 + 80_000);
    now = T0 + 200_000;
    const refused = await app.request('/api/v1/sync', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${f.token}` },
      body: JSON.stringify({ since: 0, changes: [] }),
    });
    expect(refused.status).toBe(401);
    expect((await opened.store.deviceById(f.deviceId))?.lastSeenAt).toBe(T0 + 70_000);
  });

  it('registering through POST /devices notes the time, and so does registering again', async () => {
    const dev = await register(app, 'dev-last-seen');
    expect((await opened.store.deviceById(dev.deviceId))?.lastSeenAt).toBe(T0);
    now = T0 + 5_000;
    await register(app, 'dev-last-seen');
    expect((await opened.store.deviceById(dev.deviceId))?.lastSeenAt).toBe(T0 + 5_000);
  });
});
