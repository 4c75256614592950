/**
 * Issue 5 admin routes through app.request(), on SQLite and (when it answers) PostgreSQL:
 * sign-in, its rate limit and expiry, sign-out, the role guard, devices, workshops and posters,
 * and the follow-up timeline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '$src/core/index.ts';
import { createAdminAccount } from '$src/server/admin/accounts.ts';
import type { App } from '$src/server/app.ts';
import { ADMIN, createAdmin, get, login, scopedToken } from '../helpers/admin.ts';
import { change, post, stamp } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

describe.each(await storeKinds())('admin on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now);
    await createAdmin(opened.store, now);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('create-admin refuses a short password and a second account of the same name', async () => {
    expect(await createAdminAccount(opened.store, 'baru', 'pendek', now)).toBe('short_password');
    expect(await createAdminAccount(opened.store, 'KANTOR', 'sandi-lain-yang-panjang', now)).toBe('exists');
    expect(await createAdminAccount(opened.store, 'a b', 'sandi-lain-yang-panjang', now)).toBe(
      'bad_username',
    );
    expect(await opened.store.countAdmins()).toBe(1);
  });

  it('signs in: an admin device token for 12 hours that opens admin routes and syncs', async () => {
    const s = await login(app, 'admin-laptop');
    expect(s).toMatchObject({ deviceId: 'admin-laptop', role: 'admin', expiresAt: T0 + 12 * HOUR });
    expect(s.token).toMatch(/^[0-9a-f]{64}$/);
    const devices = await get(app, '/api/v1/admin/devices', s.token);
    expect(devices.status).toBe(200);
    const synced = await post(app, '/api/v1/sync', s.token, {
      deviceId: 'admin-laptop',
      since: 0,
      changes: [],
    });
    expect(synced.status).toBe(200);
  });

  it('wrong password or unknown user: 401 admin.bad_credentials', async () => {
    for (const body of [
      { username: ADMIN.username, password: 'salah-sandi-1234' },
      { username: 'tidakada', password: ADMIN.password },
    ]) {
      const res = await post(app, '/api/v1/admin/login', null, { ...body, deviceId: 'd1' });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'admin.bad_credentials' });
    }
    const bad = await post(app, '/api/v1/admin/login', null, { username: 'x' });
    expect(bad.status).toBe(400);
  });

  it('after 5 failures sign-in answers 429, even with the right password, until the window ends', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await post(app, '/api/v1/admin/login', null, {
        ...ADMIN,
        password: `salah-${i}-xxxxxx`,
        deviceId: 'd1',
      });
      expect(res.status).toBe(401);
    }
    const blocked = await post(app, '/api/v1/admin/login', null, { ...ADMIN, deviceId: 'd1' });
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ code: 'api.rate_limited' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    now += 15 * 60_000;
    expect((await post(app, '/api/v1/admin/login', null, { ...ADMIN, deviceId: 'd1' })).status).toBe(200);
  });

  it('an expired session is 401 on admin routes and on /sync', async () => {
    const s = await login(app);
    now += 12 * HOUR + 1;
    expect((await get(app, '/api/v1/admin/devices', s.token)).status).toBe(401);
    const synced = await post(app, '/api/v1/sync', s.token, { deviceId: s.deviceId, since: 0, changes: [] });
    expect(synced.status).toBe(401);
  });

  it('logout ends the token; signing in again on the same device works', async () => {
    const s = await login(app, 'admin-hp');
    const out = await post(app, '/api/v1/admin/logout', s.token, {});
    expect(out.status).toBe(204);
    expect((await get(app, '/api/v1/admin/devices', s.token)).status).toBe(401);
    expect((await post(app, '/api/v1/admin/logout', s.token, {})).status).toBe(401);
    const again = await login(app, 'admin-hp');
    expect((await get(app, '/api/v1/admin/devices', again.token)).status).toBe(200);
  });

  it('participant and facilitator tokens get 403 on every admin route and export; none gets 401', async () => {
    const admin = await login(app);
    const created = await post(app, '/api/v1/admin/workshops', admin.token, {
      nama: 'Lokakarya Inovasi 2026',
    });
    const wid = ((await created.json()) as { workshop: { id: string } }).workshop.id;
    const routes: [string, string][] = [
      ['GET', '/api/v1/admin/devices'],
      ['POST', `/api/v1/admin/devices/${admin.deviceId}/revoke`],
      ['GET', '/api/v1/admin/workshops'],
      ['POST', '/api/v1/admin/workshops'],
      ['POST', `/api/v1/admin/workshops/${wid}/rotate-codes`],
      ['GET', `/api/v1/admin/workshops/${wid}/poster.svg?role=participant`],
      ['GET', '/api/v1/admin/entries/e1/timeline'],
      ...['iid.csv', 'iid.xlsx', 'kipp.csv', 'kipp.xlsx', 'recap.csv', 'recap.xlsx', 'all.json'].map(
        (n): [string, string] => ['GET', `/api/v1/exports/${n}`],
      ),
    ];
    const participant = await scopedToken(opened.store, 'participant', now, wid);
    const facilitator = await scopedToken(opened.store, 'facilitator', now, wid);
    for (const [method, path] of routes) {
      for (const [token, status] of [
        [participant.token, 403],
        [facilitator.token, 403],
        [null, 401],
      ] as const) {
        const res =
          method === 'GET'
            ? await get(app, path, token)
            : await post(app, path, token, { nama: 'Lokakarya curian' });
        expect({ method, path, status: res.status }).toEqual({ method, path, status });
      }
    }
    // Nothing the refused requests asked for happened.
    const list = (await (await get(app, '/api/v1/admin/workshops', admin.token)).json()) as {
      workshops: unknown[];
    };
    expect(list.workshops).toHaveLength(1);
    expect((await get(app, '/api/v1/admin/devices', admin.token)).status).toBe(200);
  });

  it('lists devices with role and workshop, and revokes one', async () => {
    const admin = await login(app);
    const p = await scopedToken(opened.store, 'participant', now);
    const res = await get(app, '/api/v1/admin/devices', admin.token);
    const { devices } = (await res.json()) as {
      devices: { id: string; role: string; workshopId: string | null; revokedAt: number | null }[];
    };
    expect(devices.find((d) => d.id === admin.deviceId)).toMatchObject({
      role: 'admin',
      workshopId: null,
      revokedAt: null,
    });
    expect(devices.find((d) => d.id === p.deviceId)).toMatchObject({
      role: 'participant',
      workshopId: 'w-1',
      revokedAt: null,
    });

    now += 1000;
    const revoked = await post(app, `/api/v1/admin/devices/${p.deviceId}/revoke`, admin.token, {});
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ id: p.deviceId, revokedAt: now });
    expect((await post(app, `/api/v1/admin/devices/${p.deviceId}/revoke`, admin.token, {})).status).toBe(404);
    // The revoked token no longer identifies anyone (401, not 403).
    expect((await get(app, '/api/v1/admin/devices', p.token)).status).toBe(401);
    const after = (await (
      await get(app, '/api/v1/admin/devices', admin.token)
    ).json()) as typeof res extends never ? never : { devices: { id: string; revokedAt: number | null }[] };
    expect(after.devices.find((d) => d.id === p.deviceId)?.revokedAt).toBe(now);
  });

  it('creates, lists and rotates workshops with join codes and links; prints a poster', async () => {
    const admin = await login(app);
    type W = { id: string; nama: string; codes: Record<string, { code: string; link: string }> };
    const res = await post(app, '/api/v1/admin/workshops', admin.token, {
      nama: 'Lokakarya Kota Blitar',
      tanggal: '2026-11-27',
    });
    expect(res.status).toBe(201);
    const w = ((await res.json()) as { workshop: W }).workshop;
    expect(w.nama).toBe('Lokakarya Kota Blitar');
    const p = w.codes['participant']!;
    const f = w.codes['facilitator']!;
    expect(p.code).not.toBe(f.code);
    expect(p.link).toBe(`http://localhost/join/${p.code}`);
    expect((await post(app, '/api/v1/admin/workshops', admin.token, { nama: '' })).status).toBe(400);
    expect((await post(app, '/api/v1/admin/workshops', admin.token, { nama: 'X', extra: 1 })).status).toBe(
      400,
    );

    const list = (await (await get(app, '/api/v1/admin/workshops', admin.token)).json()) as {
      workshops: W[];
    };
    expect(list.workshops.map((x) => [x.id, x.codes['participant']?.code])).toEqual([[w.id, p.code]]);

    const rotated = await post(app, `/api/v1/admin/workshops/${w.id}/rotate-codes`, admin.token, {});
    expect(rotated.status).toBe(200);
    const r = ((await rotated.json()) as { workshop: W }).workshop;
    expect(r.codes['participant']!.code).not.toBe(p.code);
    expect(r.codes['facilitator']!.code).not.toBe(f.code);
    expect((await post(app, `/api/v1/admin/workshops/nope/rotate-codes`, admin.token, {})).status).toBe(404);

    const poster = await get(app, `/api/v1/admin/workshops/${w.id}/poster.svg?role=participant`, admin.token);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await poster.text();
    expect(svg).toContain('<svg');
    expect(svg).toContain('viewBox="0 0 210 297"');
    expect(svg).toContain(r.codes['participant']!.code.split('').join(' '));
    expect(svg).toContain(r.codes['participant']!.link);
    expect(svg).toContain('Lokakarya Kota Blitar');
    expect(svg).toMatch(/<path d="M[\d. hvzM-]+"/);
    const bad = await get(app, `/api/v1/admin/workshops/${w.id}/poster.svg?role=admin`, admin.token);
    expect(bad.status).toBe(400);
  });

  it('the timeline shows the stage change Inisiatif → Uji Coba with its date and device, and a review', async () => {
    const admin = await login(app);
    const id = uuidv7(T0);
    const ctx = (at: number) => ({ now: at, stamp: () => stamp(at, 'server') });
    await opened.store.applyChanges(
      'hp-peserta',
      [
        change(
          'entries',
          id,
          { nama: 'Sambang Lansia', opd: 'Dinas Sosial', tahapan: 'Inisiatif' },
          stamp(T0, 'hp-peserta'),
        ),
      ],
      ctx(T0),
    );
    const moved = T0 + 30 * DAY;
    await opened.store.applyChanges(
      'laptop-admin',
      [
        change(
          'entries',
          id,
          { tahapan: 'Uji Coba', waktuUjiCoba: '2026-12-20' },
          stamp(moved, 'laptop-admin'),
          stamp(T0, 'hp-peserta'),
        ),
      ],
      ctx(moved + HOUR),
    );
    const reviewId = uuidv7(T0 + DAY);
    await opened.store.applyChanges(
      'hp-fasil',
      [
        change(
          'reviews',
          reviewId,
          {
            entryId: id,
            status: 'perlu_dilengkapi',
            reason: 'Lengkapi rancang bangun',
            reviewerName: 'Bu Sari',
            createdAt: T0 + DAY,
            deleted: false,
          },
          stamp(T0 + DAY, 'hp-fasil'),
        ),
        change(
          'reviews',
          uuidv7(T0 + DAY),
          { entryId: 'lain', status: 'baru', createdAt: T0 + DAY, deleted: false },
          stamp(T0 + DAY, 'hp-fasil'),
        ),
      ],
      ctx(T0 + DAY),
    );
    const res = await get(app, `/api/v1/admin/entries/${id}/timeline`, admin.token);
    expect(res.status).toBe(200);
    const t = (await res.json()) as {
      tahapan: string;
      events: { type: string; at: number; [k: string]: unknown }[];
    };
    expect(t.tahapan).toBe('Uji Coba');
    expect(t.events.map((e) => e.type)).toEqual(['created', 'stage', 'review', 'stage', 'stage_detail']);
    expect(t.events[1]).toMatchObject({
      type: 'stage',
      from: null,
      to: 'Inisiatif',
      at: T0,
      by: { deviceId: 'hp-peserta' },
    });
    expect(t.events[2]).toMatchObject({
      type: 'review',
      id: reviewId,
      status: 'perlu_dilengkapi',
      by: 'Bu Sari',
      at: T0 + DAY,
    });
    expect(t.events[3]).toMatchObject({
      type: 'stage',
      from: 'Inisiatif',
      to: 'Uji Coba',
      at: moved,
      receivedAt: moved + HOUR,
      by: { deviceId: 'laptop-admin' },
    });
    expect(t.events[4]).toMatchObject({ type: 'stage_detail', field: 'waktuUjiCoba', value: '2026-12-20' });
    expect((await get(app, '/api/v1/admin/entries/tidak-ada/timeline', admin.token)).status).toBe(404);
  });
});
