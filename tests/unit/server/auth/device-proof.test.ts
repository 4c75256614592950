/**
 * Issue 19, finding 2: a device id can no longer be taken over. Device ids are public (the node of
 * every stamp a peer pulls), so re-joining, renewing or moving a known id needs the device's own
 * secret (made on the device; the server keeps its hash) or its current token. On SQLite and
 * PostgreSQL. Each takeover below succeeded before the change (within the 10-minute join grace,
 * or through the open POST /devices).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, DEVICE_SECRET_HEADER, randomToken, uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { hashToken } from '$src/server/auth/tokens.ts';
import type { CreatedWorkshop } from '$src/server/workshops/index.ts';
import { ADMIN, createAdmin } from '../helpers/admin.ts';
import { change, post, stamp, sync } from '../helpers/client.ts';
import { joinRaw, seedWorkshop } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 11, 5, 8, 0, 0);

async function answer(res: Response): Promise<{ status: number; code: string }> {
  return { status: res.status, code: ApiErrorSchema.parse(await res.json()).code };
}
const NOT_YOURS = { status: 409, code: 'join.device_known' };

describe.each(await storeKinds())('device identity on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  let wsA: CreatedWorkshop;
  let wsB: CreatedWorkshop;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now, { joinLimit: { max: 1000, windowMs: 60_000 } });
    wsA = await seedWorkshop(opened.store, () => now, { nama: 'Lokakarya A' });
    wsB = await seedWorkshop(opened.store, () => now, { nama: 'Lokakarya B' });
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const syncStatus = async (dev: { deviceId: string; token: string }) =>
    (await post(app, '/api/v1/sync', dev.token, { deviceId: dev.deviceId, since: 0, changes: [] })).status;

  /** A participant of workshop A that joined with its secret, with one entry of its own. */
  async function victim(id = `dev-${uuidv7()}`) {
    const secret = randomToken();
    const res = await joinRaw(app, {
      code: wsA.participantCode,
      deviceId: id,
      name: 'Ani',
      deviceSecret: secret,
    });
    expect(res.status).toBe(201);
    const dev = { deviceId: id, token: ((await res.json()) as { token: string }).token };
    const entryId = uuidv7(now);
    const r = await sync(app, dev, 0, [
      change(
        'entries',
        entryId,
        { nama: 'Milik Ani', opd: 'X', tahapan: 'Inisiatif', workshopId: wsA.workshop.id, authorId: id },
        stamp(now, id),
      ),
    ]);
    expect(r.rejected).toEqual([]);
    return { ...dev, secret, entryId };
  }

  it('joining with a victim’s id, at once, without its secret: refused; the victim keeps its token', async () => {
    const v = await victim();
    now += 1000; // well inside the old 10-minute grace
    for (const proof of [{}, { deviceSecret: randomToken() }]) {
      const res = await joinRaw(app, {
        code: wsA.participantCode,
        deviceId: v.deviceId,
        name: 'Mallory',
        ...proof,
      });
      expect(await answer(res)).toEqual(NOT_YOURS);
    }
    expect(await syncStatus(v)).toBe(200);
    expect((await opened.store.deviceById(v.deviceId))?.name).toBe('Ani');
  });

  it('a code of another workshop does not move a victim’s id there', async () => {
    const v = await victim();
    const res = await joinRaw(app, { code: wsB.facilitatorCode, deviceId: v.deviceId, name: 'Mallory' });
    expect(await answer(res)).toEqual(NOT_YOURS);
    expect(await opened.store.deviceById(v.deviceId)).toMatchObject({
      role: 'participant',
      workshopId: wsA.workshop.id,
    });
    expect(await syncStatus(v)).toBe(200);
  });

  it('a freshly signed-in admin’s id cannot be knocked out by a join', async () => {
    await createAdmin(opened.store, now);
    const adminId = `admin-${uuidv7()}`;
    const res = await post(app, '/api/v1/admin/login', null, {
      ...ADMIN,
      deviceId: adminId,
      deviceSecret: randomToken(),
    });
    expect(res.status).toBe(200);
    const admin = { deviceId: adminId, token: ((await res.json()) as { token: string }).token };
    now += 1000;
    const knock = await joinRaw(app, { code: wsA.participantCode, deviceId: adminId, name: 'Mallory' });
    expect(await answer(knock)).toEqual(NOT_YOURS);
    expect(await syncStatus(admin)).toBe(200);
    expect((await opened.store.deviceById(adminId))?.role).toBe('admin');
  });

  it('POST /devices with a known unscoped id gives no token to a stranger', async () => {
    const id = `dev-${uuidv7()}`;
    const secret = randomToken();
    const first = await post(app, '/api/v1/devices', null, { deviceId: id, deviceSecret: secret });
    expect(first.status).toBe(201);
    const owner = { deviceId: id, token: ((await first.json()) as { token: string }).token };
    expect(await answer(await post(app, '/api/v1/devices', null, { deviceId: id }))).toEqual(NOT_YOURS);
    expect(await syncStatus(owner)).toBe(200);
    // Its holder renews with the secret (a lost answer, a token the server forgot).
    const again = await post(app, '/api/v1/devices', null, { deviceId: id, deviceSecret: secret });
    expect(again.status).toBe(200);
  });

  it('the same answer whatever the known id is: revoked, admin, joined or unscoped', async () => {
    const revoked = await victim();
    await opened.store.revokeDevice(revoked.deviceId, now);
    const joined = await victim();
    for (const id of [revoked.deviceId, joined.deviceId]) {
      expect(
        await answer(await joinRaw(app, { code: wsB.participantCode, deviceId: id, name: 'M' })),
      ).toEqual(NOT_YOURS);
      expect(await answer(await post(app, '/api/v1/devices', null, { deviceId: id }))).toEqual(NOT_YOURS);
    }
    // Only its holder learns that it is revoked.
    const own = await joinRaw(app, {
      code: wsA.participantCode,
      deviceId: revoked.deviceId,
      name: 'Ani',
      deviceSecret: revoked.secret,
    });
    expect(await answer(own)).toEqual({ status: 403, code: 'api.forbidden' });
  });

  it('the holder re-joins and moves with its secret alone; its entries stay its own', async () => {
    const v = await victim();
    now += 3600_000;
    const moved = await joinRaw(app, {
      code: wsB.participantCode,
      deviceId: v.deviceId,
      name: 'Ani',
      deviceSecret: v.secret,
    });
    expect(moved.status).toBe(200);
    expect(await syncStatus(v)).toBe(401); // the old token is replaced
    expect((await opened.store.deviceById(v.deviceId))?.workshopId).toBe(wsB.workshop.id);
  });

  it('a device from before secrets: its token proves it once, its first sync sets the secret', async () => {
    const id = `old-${uuidv7()}`;
    const token = randomToken();
    await opened.store.issueDevice({
      secretHash: null,
      bearerHash: null,
      trusted: true,
      id,
      tokenHash: hashToken(token),
      name: 'HP lama',
      role: 'participant',
      workshopId: wsA.workshop.id,
      expiresAt: null,
      now,
    });
    // Its id alone takes nothing.
    expect(await answer(await joinRaw(app, { code: wsA.participantCode, deviceId: id, name: 'M' }))).toEqual(
      NOT_YOURS,
    );
    const secret = randomToken();
    const first = await app.request('/api/v1/sync', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        [DEVICE_SECRET_HEADER]: secret,
      },
      body: JSON.stringify({ deviceId: id, since: 0, changes: [] }),
    });
    expect(first.status).toBe(200);
    expect((await opened.store.deviceById(id))?.secretHash).toBe(hashToken(secret));
    // Set once: a later header (a thief's, with a stolen token) does not replace it.
    const other = await app.request('/api/v1/sync', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        [DEVICE_SECRET_HEADER]: randomToken(),
      },
      body: JSON.stringify({ deviceId: id, since: 0, changes: [] }),
    });
    expect(other.status).toBe(200);
    expect((await opened.store.deviceById(id))?.secretHash).toBe(hashToken(secret));
    // From now on the secret re-joins it.
    const again = await joinRaw(app, {
      code: wsA.participantCode,
      deviceId: id,
      name: 'HP lama',
      deviceSecret: secret,
    });
    expect(again.status).toBe(200);
  });

  it('two first joins racing for one new id: one device, one holder', async () => {
    const id = `race-${uuidv7()}`;
    const tries = await Promise.all(
      Array.from({ length: 6 }, () =>
        joinRaw(app, { code: wsA.participantCode, deviceId: id, name: 'Ani', deviceSecret: randomToken() }),
      ),
    );
    const statuses = tries.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
  });
});

describe.each(await storeKinds())('open registration on %s', (kind) => {
  let opened: Opened;
  beforeEach(async () => {
    opened = await openStore(kind);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('POST /devices is off unless configured: 404 like any unknown route, nothing stored', async () => {
    const off = testApp(opened, () => T0, { openRegistration: false });
    const res = await post(off, '/api/v1/devices', null, {
      deviceId: 'dev-open',
      deviceSecret: randomToken(),
    });
    expect(await answer(res)).toEqual({ status: 404, code: 'api.not_found' });
    expect(await opened.store.deviceById('dev-open')).toBeNull();
    const on = testApp(opened, () => T0, { openRegistration: true });
    expect((await post(on, '/api/v1/devices', null, { deviceId: 'dev-open' })).status).toBe(201);
  });
});

describe.each(await storeKinds())('an admin browser from before secrets on %s', (kind) => {
  let opened: Opened;
  beforeEach(async () => {
    opened = await openStore(kind);
    await createAdmin(opened.store, T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('signs in again after its session ended (the password proves it) and keeps its secret from then on', async () => {
    const app = testApp(opened, () => T0);
    await opened.store.issueDevice({
      secretHash: null,
      bearerHash: null,
      trusted: true,
      id: 'admin-lama',
      tokenHash: hashToken(randomToken()),
      name: 'admin',
      role: 'admin',
      workshopId: null,
      expiresAt: T0 - 1,
      now: T0 - 13 * 3600_000,
    });
    const secret = randomToken();
    const res = await post(app, '/api/v1/admin/login', null, {
      ...ADMIN,
      deviceId: 'admin-lama',
      deviceSecret: secret,
    });
    expect(res.status).toBe(200);
    expect((await opened.store.deviceById('admin-lama'))?.secretHash).toBe(hashToken(secret));
    // From now on only that secret signs in from this id.
    const other = await post(app, '/api/v1/admin/login', null, {
      ...ADMIN,
      deviceId: 'admin-lama',
      deviceSecret: randomToken(),
    });
    expect(await answer(other)).toEqual(NOT_YOURS);
  });
});
