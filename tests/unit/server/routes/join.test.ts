/**
 * POST /api/v1/join and the token it issues, on SQLite and PostgreSQL: codes per role, case and
 * dashes, unknown/rotated/closed, rate limit, re-join (token replaced, takeover refused),
 * revocation and expired admin sign-ins.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { createServerClock } from '$src/server/sync/server-clock.ts';
import {
  rotateWorkshopCodes,
  writeWorkshopFields,
  type CreatedWorkshop,
} from '$src/server/workshops/index.ts';
import { change, post, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, joinRaw, seedWorkshop } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

async function errorCode(res: Response) {
  return ApiErrorSchema.parse(await res.json()).code;
}

describe.each(await storeKinds())('join on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  const clock = () => now;
  let ws: CreatedWorkshop;

  const makeApp = (joinMax = 1000) =>
    testApp(opened, clock, { joinLimit: { max: joinMax, windowMs: 60_000 } });
  const deps = () => ({ sync: opened.store, workshops: opened.store, clock, hlc: createServerClock(clock) });
  const syncStatus = async (dev: { deviceId: string; token: string }) =>
    (await post(app, '/api/v1/sync', dev.token, { deviceId: dev.deviceId, since: 0, changes: [] })).status;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = makeApp();
    ws = await seedWorkshop(opened.store, clock, { nama: 'Penguatan Inovasi' });
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('a participant code gives a participant token of that workshop, and the workshop record', async () => {
    const p = await join(app, ws.participantCode, 'dev-p');
    expect(p.res).toMatchObject({ role: 'participant', deviceId: 'dev-p', personId: 'dev-p', now: T0 });
    expect(p.res.workshop).toMatchObject({
      table: 'workshops',
      id: ws.workshop.id,
      fields: { nama: 'Penguatan Inovasi' },
    });
    expect(p.res.participantCode).toBeUndefined();
    expect(p.token).toMatch(/^[0-9a-f]{64}$/);
    const devices = await opened.store.listDevices();
    expect(devices.find((d) => d.id === 'dev-p')).toMatchObject({
      role: 'participant',
      workshopId: ws.workshop.id,
      name: 'Peserta',
    });
    // The token is stored only hashed.
    expect(JSON.stringify(devices)).not.toContain(p.token);
    const pulled = await sync(app, p, 0, []);
    expect(pulled.changes.map((d) => d.id)).toEqual([ws.workshop.id]);
  });

  it('a facilitator code gives a facilitator token and the participant code to show', async () => {
    const f = await join(app, ws.facilitatorCode, 'dev-f');
    expect(f.res.role).toBe('facilitator');
    expect(f.res.participantCode).toBe(ws.participantCode);
    const review = change(
      'entries',
      uuidv7(T0),
      { nama: 'x', opd: 'y', tahapan: 'Inisiatif', authorId: 'kiosk-1', workshopId: ws.workshop.id },
      stamp(T0, 'dev-f'),
    );
    expect((await sync(app, f, 0, [review])).rejected).toEqual([]);
  });

  it('codes are case-insensitive and may carry spaces or dashes', async () => {
    const typed = `${ws.participantCode.slice(0, 4).toLowerCase()}-${ws.participantCode.slice(4).toLowerCase()} `;
    const res = await joinRaw(app, { code: typed, deviceId: 'dev-lc', name: 'Ani' });
    expect(res.status).toBe(201);
  });

  it('an unknown code is 404 join.invalid_code with a message that says what to do', async () => {
    const res = await joinRaw(app, { code: 'ZZZZZZZZ', deviceId: 'dev-x', name: 'Ani' });
    expect(res.status).toBe(404);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.code).toBe('join.invalid_code');
    expect(body.message).toBe('Kode tidak dikenal. Periksa kembali kode dari fasilitator.');
    expect(await opened.store.deviceById('dev-x')).toBeNull();
  });

  it('a body with a missing name or an extra field is 400 api.invalid_body', async () => {
    for (const body of [
      { code: ws.participantCode, deviceId: 'dev-b' },
      { code: ws.participantCode, deviceId: 'dev-b', name: '  ' },
      { code: ws.participantCode, deviceId: 'dev-b', name: 'Ani', role: 'admin' },
      { code: ws.participantCode, deviceId: 'bad id!', name: 'Ani' },
    ]) {
      const res = await joinRaw(app, body);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('api.invalid_body');
    }
  });

  it('a closed workshop is 403 join.workshop_closed', async () => {
    await writeWorkshopFields(deps(), ws.workshop.id, { closed: true });
    const res = await joinRaw(app, { code: ws.participantCode, deviceId: 'dev-c', name: 'Ani' });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('join.workshop_closed');
  });

  it('joins are rate-limited per IP with 429 api.rate_limited', async () => {
    app = makeApp(3);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await joinRaw(app, { code: 'WRONG234', deviceId: `dev-r${i}`, name: 'Ani' })).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await joinRaw(app, { code: ws.participantCode, deviceId: 'dev-r9', name: 'Ani' });
    expect(limited.status).toBe(429);
    expect(await errorCode(limited)).toBe('api.rate_limited');
    now += 61_000;
    expect((await joinRaw(app, { code: ws.participantCode, deviceId: 'dev-r9', name: 'Ani' })).status).toBe(
      201,
    );
  });

  it('a rotated code is refused; the new one works; joined devices keep working', async () => {
    const before = await join(app, ws.participantCode, 'dev-old');
    const codes = await rotateWorkshopCodes(deps(), ws.workshop.id);
    expect(codes.participantCode).not.toBe(ws.participantCode);
    for (const old of [ws.participantCode, ws.facilitatorCode]) {
      const res = await joinRaw(app, { code: old, deviceId: 'dev-late', name: 'Ani' });
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('join.invalid_code');
    }
    expect((await join(app, codes.participantCode, 'dev-new')).res.role).toBe('participant');
    expect((await join(app, codes.facilitatorCode, 'dev-newf')).res.participantCode).toBe(
      codes.participantCode,
    );
    expect(await syncStatus(before)).toBe(200);
  });

  it('re-joining with the device token replaces the token: the old one is 401', async () => {
    const first = await join(app, ws.participantCode, 'dev-rj');
    now += 3600_000;
    const res = await joinRaw(
      app,
      { code: ws.facilitatorCode, deviceId: 'dev-rj', name: 'Ani' },
      first.token,
    );
    expect(res.status).toBe(200);
    const second = (await res.json()) as { token: string; role: string };
    expect(second.role).toBe('facilitator');
    expect(await syncStatus(first)).toBe(401);
    expect(await syncStatus({ deviceId: 'dev-rj', token: second.token })).toBe(200);
  });

  it('a known device id is not handed to someone without its secret or token', async () => {
    const secret = 'a1'.repeat(32);
    const first = { code: ws.participantCode, deviceId: 'dev-v', name: 'Ani', deviceSecret: secret };
    const victim = await joinRaw(app, first);
    expect(victim.status).toBe(201);
    // A lost answer is retried with the device's secret (no time limit: no grace to race).
    now += 1000;
    const retry = await joinRaw(app, first);
    expect(retry.status).toBe(200);
    const victimToken = ((await retry.json()) as { token: string }).token;
    const stranger = await joinRaw(app, { code: ws.participantCode, deviceId: 'dev-v', name: 'Mallory' });
    expect(stranger.status).toBe(409);
    expect(await errorCode(stranger)).toBe('join.device_known');
    const replacedToken = ((await victim.json()) as { token: string }).token;
    const wrongToken = await joinRaw(
      app,
      { code: ws.participantCode, deviceId: 'dev-v', name: 'Mallory' },
      replacedToken,
    );
    expect(wrongToken.status).toBe(409);
    expect(await syncStatus({ deviceId: 'dev-v', token: victimToken })).toBe(200);
    // Nor through the old open registration.
    const open = await post(app, '/api/v1/devices', null, { deviceId: 'dev-v' });
    expect(open.status).toBe(409);
    expect(await syncStatus({ deviceId: 'dev-v', token: victimToken })).toBe(200);
  });

  it('a revoked device is 401 at once and cannot join again', async () => {
    const p = await join(app, ws.participantCode, 'dev-rev');
    expect(await syncStatus(p)).toBe(200);
    expect(await opened.store.revokeDevice('dev-rev', now)).toBe(true);
    expect(await syncStatus(p)).toBe(401);
    const again = await joinRaw(app, { code: ws.participantCode, deviceId: 'dev-rev', name: 'Ani' }, p.token);
    expect(again.status).toBe(403);
  });

  it('an admin token works until it expires, then is 401', async () => {
    const admin = await adminDevice(opened.store, now, { expiresAt: T0 + 60_000 });
    expect(await syncStatus(admin)).toBe(200);
    now = T0 + 60_000;
    const res = await post(app, '/api/v1/sync', admin.token, {
      deviceId: admin.deviceId,
      since: 0,
      changes: [],
    });
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('api.unauthorized');
  });
});
