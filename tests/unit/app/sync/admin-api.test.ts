// The admin client against the real server app in-process (SQLite): every answer it parses is
// what the server really sends (sign-in, workshops with codes, rotate, devices, revoke, poster
// and export downloads), and failures become SyncErrors with the server's codes.
import { createApp, type App } from '$src/server/app.ts';
import { createAdminApi, type AdminApi } from '$src/app/sync/admin-api.ts';
import { SyncError, type FetchLike } from '$src/app/sync/transport.ts';
import { ADMIN, createAdmin } from '../../server/helpers/admin.ts';
import { openStore, type Opened } from '../../server/helpers/stores.ts';

let opened: Opened;
let app: App;
let api: AdminApi;

beforeEach(async () => {
  opened = await openStore('sqlite');
  const now = Date.now();
  app = createApp({
    store: opened.store,
    blobs: opened.blobs,
    clock: () => Date.now(),
    log: { info() {}, warn() {}, error() {} },
  });
  await createAdmin(opened.store, now);
  const fetch: FetchLike = async (input, init) => app.request(input, init);
  api = createAdminApi({ baseUrl: 'http://lumbung.test', fetch });
});
afterEach(async () => {
  await opened.dispose();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof SyncError ? `${e.code} ${e.status}` : String(e);
  }
}

describe('admin API client', () => {
  it('signs in, creates and lists workshops with codes, rotates them, lists and revokes devices', async () => {
    expect(await codeOf(api.login({ ...ADMIN, password: 'salah-sekali', deviceId: 'adm-1' }))).toBe(
      'admin.bad_credentials 401',
    );
    const s = await api.login({ ...ADMIN, deviceId: 'adm-1' });
    expect(s.role).toBe('admin');

    const w = await api.createWorkshop(s.token, {
      nama: 'Lokakarya Inovasi Blitar',
      tanggal: '2026-08-17',
      tempat: 'Aula',
      allowPeerRead: false,
    });
    expect(w.codes.participant?.code).toBeTruthy();
    expect(w.codes.facilitator?.link).toContain(w.codes.facilitator?.code ?? '?');
    const list = await api.workshops(s.token);
    expect(list.map((x) => x.nama)).toEqual(['Lokakarya Inovasi Blitar']);
    expect(list[0]!.allowPeerRead).toBe(false);

    const rotated = await api.rotateCodes(s.token, w.id);
    expect(rotated.codes.participant?.code).not.toBe(w.codes.participant?.code);

    const poster = await api.download(s.token, `/admin/workshops/${w.id}/poster.svg?role=participant`);
    expect(await poster.text()).toContain('<svg');
    const csv = await api.download(s.token, '/exports/iid.csv');
    expect(csv.size).toBeGreaterThan(0);

    const devices = await api.devices(s.token);
    expect(devices.map((d) => d.id)).toContain('adm-1');
    await api.login({ ...ADMIN, deviceId: 'adm-2' });
    await api.revokeDevice(s.token, 'adm-2');
    expect((await api.devices(s.token)).find((d) => d.id === 'adm-2')?.revokedAt).toBeTypeOf('number');

    expect(await codeOf(api.timeline(s.token, 'missing-entry'))).toBe('api.not_found 404');
    await api.logout(s.token);
    expect(await codeOf(api.workshops(s.token))).toMatch(/ 401$/);
  });
});
