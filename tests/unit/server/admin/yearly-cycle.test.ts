/**
 * The yearly cycle on the server, on SQLite and (when it answers) PostgreSQL: carrying an
 * innovation to the next year goes through sync like any edit (HLC-stamped, merged, pulled by
 * the workshop's devices, refused from a participant) and shows in the timeline; follow-ups of
 * stagnant innovations through /admin/follow-ups (admin only, checked with the shared schema,
 * 404 for an entry the server does not hold).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carryPatch, type Change } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { get } from '../helpers/admin.ts';
import { change, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

function send(app: App, method: 'PUT' | 'DELETE', path: string, token: string | null, body?: unknown) {
  return app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe.each(await storeKinds())('yearly cycle on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  const clock = () => now;
  let W: string;
  let admin: Dev;
  let p: Dev;
  const E = 'e-carry-1';

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, clock, { joinLimit: { max: 1000, windowMs: 60_000 } });
    const ws = await seedWorkshop(opened.store, clock, { nama: 'Lokakarya A' });
    W = ws.workshop.id;
    admin = await adminDevice(opened.store, T0);
    p = await join(app, ws.participantCode, 'p-1');
    const created: Change = change(
      'entries',
      E,
      {
        nama: 'Sikat Gigi',
        opd: 'Dinas Kesehatan',
        tahapan: 'Inisiatif',
        authorId: p.deviceId,
        workshopId: W,
        createdAt: T0 - 86_400_000,
      },
      stamp(T0 - 86_400_000, p.deviceId),
    );
    const r = await sync(app, p, 0, [created]);
    expect(r.accepted).toEqual([created.changeId]);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('a carry is an admin edit through sync: merged, pulled by the participant, in the timeline', async () => {
    const upload = change(
      'entries',
      E,
      { iidDiunggah: '2026-03-17', iidTahun: 2026 },
      stamp(T0, admin.deviceId),
    );
    now += 1000;
    const patch = carryPatch({ createdAt: T0 - 86_400_000, iidDiunggah: '2026-03-17', iidTahun: 2026 })!;
    expect(patch).toEqual({ tahunLaporan: 2027, dibawaDariTahun: 2026 });
    const carry = change('entries', E, patch, stamp(T0 + 1000, admin.deviceId));
    const pushed = await sync(app, admin, 0, [upload, carry]);
    expect(pushed.accepted).toEqual([upload.changeId, carry.changeId]);

    const stored = await opened.store.getRecord('entries', E);
    expect(stored?.fields).toMatchObject({
      nama: 'Sikat Gigi',
      tahunLaporan: 2027,
      dibawaDariTahun: 2026,
      iidDiunggah: '2026-03-17',
      iidTahun: 2026,
    });
    expect(stored?.stamps.tahunLaporan).toBe(stamp(T0 + 1000, admin.deviceId));

    // The participant's device gets the carried record like any edit.
    const pulled = await sync(app, p, 0, []);
    const mine = pulled.changes.find((r) => r.id === E);
    expect(mine?.fields.tahunLaporan).toBe(2027);

    // A participant may not carry (the office's fields).
    const forged = change(
      'entries',
      E,
      { dibawaDariTahun: 2027, tahunLaporan: 2028 },
      stamp(T0 + 2000, p.deviceId),
    );
    const refused = await sync(app, p, 0, [forged]);
    expect(
      refused.rejected.map((x) => [x.code, ...(x.issues ?? []).map((i) => `${i.path}:${i.code}`)]),
    ).toEqual([['api.forbidden', 'tahunLaporan:perm.role']]);

    const tl = (await (await get(app, `/api/v1/admin/entries/${E}/timeline`, admin.token)).json()) as {
      events: { type: string; from?: string; to?: string }[];
    };
    expect(tl.events.filter((e) => e.type === 'carry')).toEqual([
      expect.objectContaining({ type: 'carry', from: '2026', to: '2027' }),
    ]);
  });

  it('follow-ups: set, listed, replaced, checked field by field, removed; admin only', async () => {
    const url = `/api/v1/admin/follow-ups/${E}`;
    const good = {
      penanggungJawab: '  Bu Rina (Bagian Organisasi) ',
      target: '2027-01-31',
      catatan: 'Telepon Kadis.',
      selesai: false,
    };
    const put = await send(app, 'PUT', url, admin.token, good);
    expect(put.status).toBe(200);
    expect(((await put.json()) as { followUp: unknown }).followUp).toEqual({
      entryId: E,
      penanggungJawab: 'Bu Rina (Bagian Organisasi)',
      target: '2027-01-31',
      catatan: 'Telepon Kadis.',
      selesai: false,
      updatedAt: T0,
      updatedBy: admin.deviceId,
    });
    now += 5000;
    expect((await send(app, 'PUT', url, admin.token, { ...good, target: null, selesai: true })).status).toBe(
      200,
    );
    const list = (await (await get(app, '/api/v1/admin/follow-ups', admin.token)).json()) as {
      followUps: { entryId: string; target: string | null; selesai: boolean; updatedAt: number }[];
    };
    expect(list.followUps).toEqual([
      expect.objectContaining({ entryId: E, target: null, selesai: true, updatedAt: T0 + 5000 }),
    ]);

    // Bad input: 400 naming each field, nothing written.
    const bad = await send(app, 'PUT', url, admin.token, {
      penanggungJawab: ' ',
      target: '31/01/2027',
      catatan: 'x'.repeat(2001),
      selesai: false,
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; issues: { path: string; code: string }[] };
    expect(body.code).toBe('api.invalid_body');
    // (zod may name a field twice with the same code: a date's pattern and its calendar check)
    expect(Object.fromEntries(body.issues.map((i) => [i.path, i.code]))).toEqual({
      penanggungJawab: 'field.required',
      target: 'field.invalid_date',
      catatan: 'field.too_long',
    });
    const extra = await send(app, 'PUT', url, admin.token, { ...good, evil: 1 });
    expect(extra.status).toBe(400);
    expect((await opened.store.followUps.get(E))?.selesai).toBe(true);

    // An entry the server does not hold.
    expect((await send(app, 'PUT', '/api/v1/admin/follow-ups/tidak-ada', admin.token, good)).status).toBe(
      404,
    );
    // Not an admin: 403; no token: 401.
    expect((await send(app, 'PUT', url, p.token, good)).status).toBe(403);
    expect((await get(app, '/api/v1/admin/follow-ups', p.token)).status).toBe(403);
    expect((await send(app, 'PUT', url, null, good)).status).toBe(401);

    expect((await send(app, 'DELETE', url, admin.token)).status).toBe(200);
    expect(await opened.store.followUps.get(E)).toBeNull();
    expect((await send(app, 'DELETE', url, admin.token)).status).toBe(404);
  });
});
