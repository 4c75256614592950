/**
 * The yearly tematik and KIPP lists an admin edits, and the lists every device learns, through
 * app.request() on SQLite and (when it answers) PostgreSQL: PUT /admin/pick-lists/:kind/:year
 * with its rules (bad input → 400 naming the line, nothing changed), GET /lists (any device,
 * ETag), the join answer carrying them, and the server's rule for entry values: any value ever
 * on a list of that kind is accepted (a device with an older list is never refused), a value no
 * list ever had is refused alone, and an entry keeps a value the admin removed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KIPP_KATEGORI,
  PickListsSchema,
  TEMATIK,
  uuidv7,
  type Change,
  type PickLists,
  type SyncResponse,
} from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { get } from '../helpers/admin.ts';
import { change, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

function put(app: App, path: string, token: string | null, body: unknown) {
  return app.request(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const refusals = (r: SyncResponse) =>
  r.rejected.map((x) => [x.code, ...(x.issues ?? []).map((i) => `${i.path}:${i.code}`)]);

describe.each(await storeKinds())('pick-lists on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  let admin: Dev;
  let codes: { participantCode: string; facilitatorCode: string; workshopId: string };

  const lists = async (dev: Dev): Promise<PickLists> => {
    const res = await get(app, '/api/v1/lists', dev.token);
    expect(res.status).toBe(200);
    return PickListsSchema.parse(await res.json());
  };
  const putList = (k: string, year: string | number, body: unknown, token: string | null = admin.token) =>
    put(app, `/api/v1/admin/pick-lists/${k}/${year}`, token, body);

  function entry(by: Dev, fields: Change['fields'], at = now): Change {
    return change(
      'entries',
      uuidv7(at),
      {
        nama: 'SIDOTI',
        opd: 'Dinas Lingkungan Hidup',
        tahapan: 'Inisiatif',
        authorId: by.deviceId,
        workshopId: codes.workshopId,
        ...fields,
      },
      stamp(at, by.deviceId),
    );
  }

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now);
    admin = await adminDevice(opened.store, now);
    const w = await seedWorkshop(opened.store, () => now);
    codes = {
      participantCode: w.participantCode,
      facilitatorCode: w.facilitatorCode,
      workshopId: w.workshop.id,
    };
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('an admin sets a year list; every device reads it (and the Pemda OPD list), with an ETag', async () => {
    const p = await join(app, codes.participantCode, 'p-1');
    // Nothing edited yet: no yearly lists, no Pemda list (devices use the built-in ones).
    expect(await lists(p)).toEqual({ opdList: null, yearly: [] });
    expect(p.res.lists).toEqual({ opdList: null, yearly: [] });

    const res = await putList('tematik', 2027, { items: [' Smart City ', 'Non Tematik'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      kind: 'tematik',
      year: 2027,
      items: ['Smart City', 'Non Tematik'],
      updatedAt: T0,
    });
    expect(
      (await put(app, '/api/v1/admin/opd-list', admin.token, { opdList: ['Bapperinda', 'UPT Baru'] })).status,
    ).toBe(200);
    now += 1000;
    expect((await putList('kippKategori', 2027, { items: ['Kesehatan'] })).status).toBe(200);

    const seen = await lists(p);
    expect(seen).toEqual({
      opdList: ['Bapperinda', 'UPT Baru'],
      yearly: [
        { kind: 'kippKategori', year: 2027, items: ['Kesehatan'], updatedAt: T0 + 1000 },
        { kind: 'tematik', year: 2027, items: ['Smart City', 'Non Tematik'], updatedAt: T0 },
      ],
    });
    // A device joining now gets them in the join answer.
    const f = await join(app, codes.facilitatorCode, 'f-1');
    expect(f.res.lists).toEqual(seen);

    // Unchanged → 304 with no body; changed → a new ETag.
    const first = await get(app, '/api/v1/lists', p.token);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request('/api/v1/lists', {
      headers: { authorization: `Bearer ${p.token}`, 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await putList('tematik', 2027, { items: ['Smart City'] })).status).toBe(200);
    const changed = await app.request('/api/v1/lists', {
      headers: { authorization: `Bearer ${p.token}`, 'if-none-match': etag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    // Replacing a year's list keeps one row for it.
    expect((await lists(p)).yearly.filter((y) => y.kind === 'tematik')).toEqual([
      { kind: 'tematik', year: 2027, items: ['Smart City'], updatedAt: T0 + 1000 },
    ]);
  });

  it('only a device token reads the lists; only an admin writes them', async () => {
    expect((await get(app, '/api/v1/lists', null)).status).toBe(401);
    expect((await get(app, '/api/v1/lists', 'not-a-token')).status).toBe(401);
    const p = await join(app, codes.participantCode, 'p-2');
    const f = await join(app, codes.facilitatorCode, 'f-2');
    for (const token of [null, p.token, f.token]) {
      const res = await putList('tematik', 2027, { items: ['Curian'] }, token);
      expect(res.status === 401 || res.status === 403).toBe(true);
    }
    expect((await lists(p)).yearly).toEqual([]);
  });

  it('bad input is 400 with a translated issue naming it, and nothing changed', async () => {
    expect((await putList('tematik', 2027, { items: ['Smart City'] })).status).toBe(200);
    const before = await lists(admin);
    const cases: [string, string, unknown, string | null][] = [
      ['tematik', '2027', { items: ['Smart City', 'smart city'] }, 'items.1:field.duplicate'],
      ['tematik', '2027', { items: ['Smart City', '   '] }, 'items.1:field.required'],
      ['tematik', '2027', { items: ['x'.repeat(151)] }, 'items.0:field.too_long'],
      ['tematik', '2027', { items: ['ada\u202Etersembunyi'] }, 'items.0:field.control_chars'],
      ['tematik', '2027', { items: Array.from({ length: 51 }, (_, i) => `T ${i}`) }, 'items:field.too_many'],
      ['tematik', '2027', { items: [] }, 'items:field.required'],
      ['tematik', '2027', { items: 'Smart City' }, 'items:field.invalid'],
      ['tematik', '2027', { items: ['A'], lain: 1 }, null],
      ['tematik', '2027', {}, null],
      ['tematik', '2027', '{', null],
      ['urusan', '2027', { items: ['A'] }, 'kind:field.invalid_choice'],
      ['tematik', '1999', { items: ['A'] }, 'year:field.invalid_year'],
      ['tematik', '2101', { items: ['A'] }, 'year:field.invalid_year'],
      ['tematik', 'tahun', { items: ['A'] }, 'year:field.invalid_year'],
      ['tematik', '2027.5', { items: ['A'] }, 'year:field.invalid_year'],
    ];
    for (const [k, year, body, issue] of cases) {
      const res = await putList(k, year, body);
      expect({ k, year, body, status: res.status }).toEqual({ k, year, body, status: 400 });
      const err = (await res.json()) as {
        code: string;
        message: string;
        messageEn: string;
        issues?: { path: string; code: string }[];
      };
      expect(err.message.length).toBeGreaterThan(0);
      expect(err.messageEn.length).toBeGreaterThan(0);
      if (issue) expect(err.issues?.map((i) => `${i.path}:${i.code}`)).toContain(issue);
    }
    expect(await lists(admin)).toEqual(before);
    // The limits themselves are fine: 50 values of 150 characters.
    const max = Array.from({ length: 50 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(148)}`);
    expect((await putList('kippKategori', 2100, { items: max })).status).toBe(200);
  });

  it('entries: built-in and ever-listed values pass, a removed value is kept, a never-listed one is refused', async () => {
    const p = await join(app, codes.participantCode, 'p-3');
    // Built-in values (a device that never got online) need no list.
    const builtIn = entry(p, { tematik: TEMATIK[0], kippKategori: KIPP_KATEGORI[2] });
    expect(refusals(await sync(app, p, 0, [builtIn]))).toEqual([]);

    // A value no list ever had: refused alone, with a translated reason; the rest applies.
    now += 1000;
    const forged = entry(p, { tematik: 'Tematik Karangan' });
    const fine = entry(p, { tematik: 'Non Tematik' });
    const r = await sync(app, p, 0, [forged, fine]);
    expect(refusals(r)).toEqual([['api.invalid_body', 'tematik:field.not_on_list']]);
    expect(r.rejected[0]?.id).toBe(forged.changeId);
    expect(r.accepted).toContain(fine.changeId);
    expect(await opened.store.getRecord('entries', forged.id)).toBeNull();

    // The admin adds it for 2027; now it is accepted.
    expect((await putList('tematik', 2027, { items: ['Smart City', 'Tematik Karangan'] })).status).toBe(200);
    now += 1000;
    const smart = entry(p, { tematik: 'Smart City', kippKategori: 'Kesehatan' });
    expect(refusals(await sync(app, p, 0, [smart]))).toEqual([]);

    // The admin removes it from the year's list: the stored entry keeps it…
    expect((await putList('tematik', 2027, { items: ['Non Tematik'] })).status).toBe(200);
    expect((await opened.store.getRecord('entries', smart.id))?.fields['tematik']).toBe('Smart City');
    // …and a device offline since, still offering it, is not refused (a new entry and an edit).
    now += 1000;
    const late = entry(p, { tematik: 'Smart City' });
    const edit = change(
      'entries',
      smart.id,
      { tematik: 'Smart City', nama: 'SIDOTI 2' },
      stamp(now, p.deviceId),
    );
    expect(refusals(await sync(app, p, 0, [late, edit]))).toEqual([]);
    expect((await opened.store.getRecord('entries', late.id))?.fields['tematik']).toBe('Smart City');

    // Every device still reads the entry with its value.
    const pulled = await sync(app, admin, 0, []);
    expect(pulled.changes.find((x) => x.id === smart.id)?.fields['tematik']).toBe('Smart City');
    // A kategori value is checked against KIPP lists only, not tematik ones.
    now += 1000;
    const crossed = entry(p, { kippKategori: 'Smart City' });
    expect(refusals(await sync(app, p, 0, [crossed]))).toEqual([
      ['api.invalid_body', 'kippKategori:field.not_on_list'],
    ]);
  });
});
