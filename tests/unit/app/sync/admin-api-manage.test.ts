// The admin client's management calls against the real server app in-process (SQLite): edit,
// close and reopen a workshop, the Pemda's OPD list, a workshop's facilitators; refusals become
// SyncErrors with the server's codes and change nothing.
import { createApp, type App } from '$src/server/app.ts';
import { createAdminApi, type AdminApi } from '$src/app/sync/admin-api.ts';
import { SyncError, type FetchLike } from '$src/app/sync/transport.ts';
import { ADMIN, createAdmin } from '../../server/helpers/admin.ts';
import { join } from '../../server/helpers/roles.ts';
import { openStore, type Opened } from '../../server/helpers/stores.ts';

let opened: Opened;
let app: App;
let api: AdminApi;

beforeEach(async () => {
  opened = await openStore('sqlite');
  app = createApp({
    store: opened.store,
    blobs: opened.blobs,
    clock: () => Date.now(),
    log: { info() {}, warn() {}, error() {} },
    joinLimit: { max: 1000, windowMs: 60_000 },
  });
  await createAdmin(opened.store, Date.now());
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

describe('admin API client: management', () => {
  it('sets the OPD list, creates a workshop from it, edits, closes and reopens it, lists its facilitators', async () => {
    const s = await api.login({ ...ADMIN, deviceId: 'adm-1' });
    expect(await api.opdList(s.token)).toEqual({ opdList: null, updatedAt: null });
    expect(await codeOf(api.putOpdList(s.token, ['Bapperinda', 'BAPPERINDA']))).toBe('api.invalid_body 400');
    expect((await api.opdList(s.token)).opdList).toBeNull();
    const saved = await api.putOpdList(s.token, [' Bapperinda ', 'BPKAD']);
    expect(saved.opdList).toEqual(['Bapperinda', 'BPKAD']);
    expect(saved.updatedAt).toBeTypeOf('number');

    const w = await api.createWorkshop(s.token, { nama: 'Lokakarya Inovasi Blitar' });
    expect(w.opdList).toEqual(['Bapperinda', 'BPKAD']);
    const edited = await api.updateWorkshop(s.token, w.id, { tempat: 'Aula', opdList: ['Bapperinda'] });
    expect(edited).toMatchObject({ id: w.id, tempat: 'Aula', opdList: ['Bapperinda'], opdCount: 1 });
    expect(await codeOf(api.updateWorkshop(s.token, w.id, { nama: ' ' }))).toBe('api.invalid_body 400');
    expect(await codeOf(api.updateWorkshop(s.token, 'tidak-ada', { closed: true }))).toBe(
      'api.not_found 404',
    );

    const f = await join(app, w.codes.facilitator!.code, 'fas-1', 'Bu Rina');
    expect(f.res.role).toBe('facilitator');
    const fac = await api.devices(s.token, { role: 'facilitator', workshopId: w.id });
    expect(fac.map((d) => [d.id, d.name, d.role])).toEqual([['fas-1', 'Bu Rina', 'facilitator']]);
    expect(await api.devices(s.token, { role: 'facilitator', workshopId: 'lain' })).toEqual([]);

    expect((await api.updateWorkshop(s.token, w.id, { closed: true })).closed).toBe(true);
    expect((await api.workshops(s.token)).map((x) => [x.nama, x.closed])).toEqual([
      ['Lokakarya Inovasi Blitar', true],
    ]);
    expect((await api.updateWorkshop(s.token, w.id, { closed: false })).closed).toBe(false);
  });
});
