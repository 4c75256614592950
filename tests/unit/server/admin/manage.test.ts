/**
 * Issue 5's management routes through app.request(), on SQLite and (when it answers)
 * PostgreSQL: editing a workshop (PATCH, reaching devices by sync), closing and reopening it
 * (join refused, participants' pushes refused per change, facilitators and reads unaffected),
 * the Pemda's OPD list (GET/PUT, its rules, the default of new workshops, synced to admins only),
 * the facilitators of a workshop (devices filtered by role), the role guard on each new route,
 * and the same actions from `npm run admin` (close-workshop, reopen-workshop, set-opd-list).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPD_KOTA_BLITAR, PEMDA_RECORD_ID, type Change, type SyncResponse } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { runWorkshopCommand } from '$src/server/workshops/cli.ts';
import { get } from '../helpers/admin.ts';
import { change, post, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, joinRaw, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, tempDir, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

function send(app: App, method: 'PATCH' | 'PUT', path: string, token: string | null, body: unknown) {
  return app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function entry(id: string, by: Dev, workshopId: string, at: number, extra: Change['fields'] = {}) {
  return change(
    'entries',
    id,
    {
      nama: 'Sikat Gigi',
      opd: 'Dinas Kesehatan',
      tahapan: 'Inisiatif',
      authorId: by.deviceId,
      workshopId,
      ...extra,
    },
    stamp(at, by.deviceId),
  );
}

const refusals = (r: SyncResponse) =>
  r.rejected.map((x) => [x.id, x.code, ...(x.issues ?? []).map((i) => `${i.path}:${i.code}`)]);

interface WorkshopOut {
  id: string;
  nama: string;
  tanggal: string | null;
  tempat: string;
  penyelenggara: string;
  closed: boolean;
  allowPeerRead: boolean;
  opdCount: number;
  opdList: string[];
}

describe.each(await storeKinds())('admin management on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  const clock = () => now;
  let W: string;
  let codes: { participantCode: string; facilitatorCode: string };
  let admin: Dev;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, clock, { joinLimit: { max: 1000, windowMs: 60_000 } });
    const ws = await seedWorkshop(opened.store, clock, { nama: 'Lokakarya A', tempat: 'Aula' });
    W = ws.workshop.id;
    codes = ws;
    admin = await adminDevice(opened.store, T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const workshops = async (): Promise<WorkshopOut[]> =>
    ((await (await get(app, '/api/v1/admin/workshops', admin.token)).json()) as { workshops: WorkshopOut[] })
      .workshops;
  const patch = (id: string, body: unknown, token: string | null = admin.token) =>
    send(app, 'PATCH', `/api/v1/admin/workshops/${id}`, token, body);
  const putList = (body: unknown, token: string | null = admin.token) =>
    send(app, 'PUT', '/api/v1/admin/opd-list', token, body);
  const getList = async () =>
    (await (await get(app, '/api/v1/admin/opd-list', admin.token)).json()) as {
      opdList: string[] | null;
      updatedAt: number | null;
    };

  it('PATCH edits a workshop through the synced record: a joined device pulls the change', async () => {
    const p = await join(app, codes.participantCode, 'p1');
    const first = await sync(app, p, 0, []);
    now += 60_000;
    const res = await patch(W, {
      nama: '  Lokakarya A (hari 2)  ',
      tanggal: '2026-11-28',
      tempat: 'Ruang Sasana Praja',
      penyelenggara: 'Bagian Organisasi',
      opdList: ['Bapperinda', ' Dinas Kesehatan '],
      allowPeerRead: false,
    });
    expect(res.status).toBe(200);
    const w = ((await res.json()) as { workshop: WorkshopOut & { codes: Record<string, unknown> } }).workshop;
    expect(w).toMatchObject({
      id: W,
      nama: 'Lokakarya A (hari 2)',
      tanggal: '2026-11-28',
      tempat: 'Ruang Sasana Praja',
      penyelenggara: 'Bagian Organisasi',
      opdList: ['Bapperinda', 'Dinas Kesehatan'],
      opdCount: 2,
      allowPeerRead: false,
      closed: false,
    });
    expect(Object.keys(w.codes).sort()).toEqual(['facilitator', 'participant']);
    const pulled = await sync(app, p, first.cursor, []);
    const rec = pulled.changes.find((r) => r.table === 'workshops' && r.id === W);
    expect(rec?.fields).toMatchObject({ nama: 'Lokakarya A (hari 2)', allowPeerRead: false });
    // The edit went through the change log like any synced write.
    const logged = (await opened.store.history('workshops', W)).map((l) => l.field);
    expect(logged.filter((f) => f === 'nama')).toHaveLength(2);
  });

  it('PATCH: unknown id 404; a bad body 400 and nothing changed', async () => {
    expect((await patch('tidak-ada', { nama: 'X' })).status).toBe(404);
    expect((await patch(PEMDA_RECORD_ID, { nama: 'X' })).status).toBe(404);
    const before = await workshops();
    const logBefore = await opened.store.countChangeLog();
    const bad: unknown[] = [
      {},
      { nama: '' },
      { nama: '   ' },
      { nama: 'Baru', extra: 1 },
      { nama: 'Baru', tanggal: '31/02/2026' },
      { nama: 'Baru', closed: 'ya' },
      { opdList: ['Bapperinda', 'BAPPERINDA'] },
      { opdList: ['Bapperinda', ''] },
      { opdList: ['x'.repeat(151)] },
      { opdList: Array.from({ length: 301 }, (_, i) => `OPD ${i}`) },
      'bukan json',
    ];
    for (const body of bad) {
      const res = await patch(W, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as { code: string }).code).toMatch(/^api\.(invalid_body|bad_json)$/);
    }
    expect(await workshops()).toEqual(before);
    expect(await opened.store.countChangeLog()).toBe(logBefore);
  });

  it('close: join refused, participant pushes refused per change (queue goes on), facilitator and reads unaffected; reopen undoes it', async () => {
    const p = await join(app, codes.participantCode, 'p1');
    const f = await join(app, codes.facilitatorCode, 'f1');
    const e1 = entry('e1', p, W, T0);
    expect((await sync(app, p, 0, [e1])).accepted).toEqual([e1.changeId]);

    now += 60_000;
    const closed = await patch(W, { closed: true });
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { workshop: WorkshopOut }).workshop.closed).toBe(true);

    // Joining with its codes is refused with a translated code saying what to do.
    const refused = await joinRaw(app, { code: codes.participantCode, deviceId: 'p2', name: 'Baru' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'join.workshop_closed' });
    expect((await joinRaw(app, { code: codes.facilitatorCode, deviceId: 'f2', name: 'F' })).status).toBe(403);

    // A participant's new writes: each refused alone, the answer is still 200 with a pull.
    const edit = entry('e1', p, W, now, { nama: 'Sikat Gigi Massal' });
    const fresh = entry('e2', p, W, now);
    const r = await sync(app, p, 0, [edit, fresh]);
    expect(r.accepted).toEqual([]);
    expect(refusals(r)).toEqual([
      [edit.changeId, 'workshop.closed', 'workshopId:workshop.closed'],
      [fresh.changeId, 'workshop.closed', 'workshopId:workshop.closed'],
    ]);
    expect(r.rejected[0]?.message).toMatch(/ditutup/);
    expect(r.rejected[0]?.messageEn).toMatch(/closed/);
    // Reads go on: the participant still pulls the workshop and its entry, unchanged.
    expect(r.changes.find((x) => x.id === 'e1')?.fields['nama']).toBe('Sikat Gigi');
    expect(r.changes.find((x) => x.id === W)?.fields['closed']).toBe(true);
    expect(r.changes.some((x) => x.id === 'e2')).toBe(false);
    // A replay of what was accepted before closing is still accepted (a retried page).
    expect((await sync(app, p, 0, [e1])).accepted).toEqual([e1.changeId]);
    // The facilitator still reviews and reads.
    const review = change(
      'reviews',
      'rv1',
      { entryId: 'e1', status: 'siap_diteruskan', reviewerId: f.deviceId, createdAt: now },
      stamp(now, f.deviceId),
    );
    const fr = await sync(app, f, 0, [review]);
    expect(fr.accepted).toEqual([review.changeId]);
    expect(fr.changes.some((x) => x.id === 'e1')).toBe(true);

    // Reopen: joining works again and the participant's refused changes go through when resent.
    now += 60_000;
    const reopened = await patch(W, { closed: false });
    expect(((await reopened.json()) as { workshop: WorkshopOut }).workshop.closed).toBe(false);
    expect((await join(app, codes.participantCode, 'p2')).res.role).toBe('participant');
    const again = await sync(app, p, 0, [edit, fresh]);
    expect(again.rejected).toEqual([]);
    expect(again.accepted.sort()).toEqual([edit.changeId, fresh.changeId].sort());
    expect((await opened.store.getRecord('entries', 'e1'))?.fields['nama']).toBe('Sikat Gigi Massal');
  });

  it('OPD list: PUT replaces it (trimmed), new workshops start from it, admins pull it, nobody joins it', async () => {
    expect(await getList()).toEqual({ opdList: null, updatedAt: null });
    // Before any list: the built-in one.
    const before = await seedWorkshop(opened.store, clock, { nama: 'Sebelum' });
    expect(before.workshop.fields['opdList']).toEqual([...OPD_KOTA_BLITAR]);

    now += 1000;
    const res = await putList({ opdList: [' Bapperinda ', 'Dinas Kesehatan', 'Dinas Pendidikan'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      opdList: ['Bapperinda', 'Dinas Kesehatan', 'Dinas Pendidikan'],
      updatedAt: now,
    });

    const created = await post(app, '/api/v1/admin/workshops', admin.token, { nama: 'Sesudah' });
    const w = ((await created.json()) as { workshop: WorkshopOut }).workshop;
    expect(w.opdList).toEqual(['Bapperinda', 'Dinas Kesehatan', 'Dinas Pendidikan']);
    // An explicit list still wins.
    const own = await post(app, '/api/v1/admin/workshops', admin.token, {
      nama: 'Sendiri',
      opdList: ['BPKAD'],
    });
    expect(((await own.json()) as { workshop: WorkshopOut }).workshop.opdList).toEqual(['BPKAD']);

    // It is no workshop: not listed, not editable, no codes or poster.
    expect((await workshops()).map((x) => x.id)).not.toContain(PEMDA_RECORD_ID);
    expect(
      (await post(app, `/api/v1/admin/workshops/${PEMDA_RECORD_ID}/rotate-codes`, admin.token, {})).status,
    ).toBe(404);
    expect(
      (await get(app, `/api/v1/admin/workshops/${PEMDA_RECORD_ID}/poster.svg`, admin.token)).status,
    ).toBe(404);

    // An admin device has it after a sync (offline copy); a participant never pulls it.
    const pulled = await sync(app, admin, 0, []);
    expect(pulled.changes.find((x) => x.id === PEMDA_RECORD_ID)?.fields['opdList']).toEqual([
      'Bapperinda',
      'Dinas Kesehatan',
      'Dinas Pendidikan',
    ]);
    const p = await join(app, codes.participantCode, 'p1');
    expect((await sync(app, p, 0, [])).changes.some((x) => x.id === PEMDA_RECORD_ID)).toBe(false);
    // …and cannot write it.
    const forged = change('workshops', PEMDA_RECORD_ID, { opdList: ['Curian'] }, stamp(now, p.deviceId));
    expect((await sync(app, p, 0, [forged])).rejected.map((x) => x.code)).toEqual(['api.forbidden']);
  });

  it('OPD list: bad input is 400 naming the line, and nothing changed', async () => {
    await putList({ opdList: ['Bapperinda', 'BPKAD'] });
    const stored = await getList();
    const logBefore = await opened.store.countChangeLog();
    const cases: [unknown, string | null][] = [
      [{ opdList: ['Bapperinda', 'bapperinda'] }, 'opdList.1:field.duplicate'],
      [{ opdList: ['Bapperinda', ' BAPPERINDA '] }, 'opdList.1:field.duplicate'],
      [{ opdList: ['Bapperinda', '   '] }, 'opdList.1:field.required'],
      [{ opdList: ['x'.repeat(151)] }, 'opdList.0:field.too_long'],
      [{ opdList: ['ada\u202Etersembunyi'] }, 'opdList.0:field.control_chars'],
      [{ opdList: Array.from({ length: 301 }, (_, i) => `OPD ${i}`) }, 'opdList:field.too_many'],
      [{ opdList: 'Bapperinda' }, null],
      [{ opdList: [1] }, null],
      [{ opdList: ['Bapperinda'], lain: true }, null],
      [{}, null],
      ['{', null],
    ];
    for (const [body, issue] of cases) {
      const res = await putList(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      const err = (await res.json()) as { issues?: { path: string; code: string }[] };
      if (issue) expect(err.issues?.map((i) => `${i.path}:${i.code}`)).toContain(issue);
    }
    expect(await getList()).toEqual(stored);
    expect(await opened.store.countChangeLog()).toBe(logBefore);
    // 300 names, 150 characters each, is the limit and fine.
    const max = Array.from({ length: 300 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(147)}`);
    expect((await putList({ opdList: max })).status).toBe(200);
    expect((await putList({ opdList: [] })).status).toBe(200);
    expect((await getList()).opdList).toEqual([]);
    // An empty list is no default: new workshops fall back to the built-in list.
    const after = await seedWorkshop(opened.store, clock, { nama: 'Kosong' });
    expect(after.workshop.fields['opdList']).toEqual([...OPD_KOTA_BLITAR]);
  });

  it('facilitators of a workshop: devices filtered by role and workshop', async () => {
    const other = await seedWorkshop(opened.store, clock, { nama: 'Lokakarya B' });
    const f1 = await join(app, codes.facilitatorCode, 'f1', 'Bu Rina');
    now += 5000;
    await join(app, other.facilitatorCode, 'f2', 'Pak Budi');
    await join(app, codes.participantCode, 'p1');
    const res = await get(app, `/api/v1/admin/devices?role=facilitator&workshopId=${W}`, admin.token);
    expect(res.status).toBe(200);
    const { devices } = (await res.json()) as { devices: Record<string, unknown>[] };
    expect(devices).toEqual([
      expect.objectContaining({
        id: f1.deviceId,
        name: 'Bu Rina',
        role: 'facilitator',
        workshopId: W,
        workshopName: 'Lokakarya A',
        createdAt: T0,
        revokedAt: null,
      }),
    ]);
    const all = (await (await get(app, '/api/v1/admin/devices?role=facilitator', admin.token)).json()) as {
      devices: { id: string }[];
    };
    expect(all.devices.map((d) => d.id).sort()).toEqual(['f1', 'f2']);
    expect((await get(app, '/api/v1/admin/devices?role=raja', admin.token)).status).toBe(400);
    // Revoke one: the list shows it revoked, its token no longer syncs.
    expect((await post(app, '/api/v1/admin/devices/f1/revoke', admin.token, {})).status).toBe(200);
    const after = (await (
      await get(app, `/api/v1/admin/devices?role=facilitator&workshopId=${W}`, admin.token)
    ).json()) as { devices: { revokedAt: number | null }[] };
    expect(after.devices[0]?.revokedAt).toBe(now);
    const synced = await post(app, '/api/v1/sync', f1.token, { deviceId: 'f1', since: 0, changes: [] });
    expect(synced.status).toBe(401);
  });

  it('participant and facilitator tokens get 403 on every new route, and nothing changes', async () => {
    await putList({ opdList: ['Bapperinda'] });
    const p = await join(app, codes.participantCode, 'p1');
    const f = await join(app, codes.facilitatorCode, 'f1');
    const before = await workshops();
    for (const dev of [p, f]) {
      const calls = [
        patch(W, { closed: true }, dev.token),
        patch(W, { nama: 'Curian' }, dev.token),
        get(app, '/api/v1/admin/opd-list', dev.token),
        putList({ opdList: ['Curian'] }, dev.token),
        get(app, `/api/v1/admin/devices?role=facilitator&workshopId=${W}`, dev.token),
      ];
      for (const res of await Promise.all(calls)) expect(res.status).toBe(403);
    }
    for (const res of [await patch(W, { closed: true }, null), await putList({ opdList: [] }, null)])
      expect(res.status).toBe(401);
    expect(await workshops()).toEqual(before);
    expect((await getList()).opdList).toEqual(['Bapperinda']);
  });

  it('npm run admin: close-workshop, reopen-workshop and set-opd-list do what the routes do', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) =>
      runWorkshopCommand(opened.store, args[0]!, args.slice(1), {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: {},
        clock,
      });
    expect(await run(['close-workshop', W])).toBe(0);
    expect((await joinRaw(app, { code: codes.participantCode, deviceId: 'p1', name: 'P' })).status).toBe(403);
    expect(await run(['reopen-workshop', W])).toBe(0);
    expect((await join(app, codes.participantCode, 'p1')).res.role).toBe('participant');
    expect(await run(['close-workshop', 'tidak-ada'])).toBe(1);
    expect(await run(['close-workshop', PEMDA_RECORD_ID])).toBe(1);

    const dir = tempDir('opd');
    const bad = joinPath(dir, 'dobel.txt');
    writeFileSync(bad, 'Bapperinda\n\nbapperinda\n');
    expect(await run(['set-opd-list', '--opd-file', bad])).toBe(1);
    expect(err.at(-1)).toContain('OPD 2 (field.duplicate)');
    expect((await getList()).opdList).toBeNull();
    const good = joinPath(dir, 'opd.txt');
    writeFileSync(good, ' Bapperinda \r\nBPKAD\r\n\r\n');
    expect(await run(['set-opd-list', '--opd-file', good])).toBe(0);
    expect((await getList()).opdList).toEqual(['Bapperinda', 'BPKAD']);
    expect(out.at(-1)).toContain('2 OPDs');
    // list-workshops shows workshops only, not the Pemda's list.
    out.length = 0;
    expect(await run(['list-workshops'])).toBe(0);
    expect(out.join('\n')).not.toContain(PEMDA_RECORD_ID);
    expect(out).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
