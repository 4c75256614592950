// The /admin paths of the router (issue 5): each sub-screen, an entry's follow-up by id, the
// query handed to the screen (its filters), and nothing else under /admin.
import { matchRoute } from '$src/app/state/router.svelte.ts';

describe('admin routes', () => {
  it('maps /admin paths to the admin screens with their query', () => {
    expect(matchRoute('/admin')).toEqual({ name: 'admin', view: 'dashboard', id: null, search: '' });
    expect(matchRoute('/admin/masuk')).toMatchObject({ name: 'admin', view: 'signin' });
    expect(matchRoute('/admin/entri', '?opd=Dinas%20Sosial')).toEqual({
      name: 'admin',
      view: 'entries',
      id: null,
      search: '?opd=Dinas%20Sosial',
    });
    expect(matchRoute('/admin/entri/0193a1b2-c3d4')).toMatchObject({ view: 'entry', id: '0193a1b2-c3d4' });
    for (const [path, view] of [
      ['/admin/stagnan', 'stagnant'],
      ['/admin/ekspor', 'exports'],
      ['/admin/laporan', 'report'],
      ['/admin/lokakarya', 'workshops'],
      ['/admin/perangkat', 'devices'],
    ] as const)
      expect(matchRoute(path)).toMatchObject({ name: 'admin', view });
    // Print views (issue 20): an entry's KIPP proposal, a workshop's report.
    expect(matchRoute('/admin/entri/e-1/cetak')).toMatchObject({ view: 'entryPrint', id: 'e-1' });
    expect(matchRoute('/admin/lokakarya/ws-1/cetak')).toMatchObject({ view: 'workshopPrint', id: 'ws-1' });
    expect(matchRoute('/fasilitator/entri/e-1/cetak')).toEqual({
      name: 'facilitator',
      view: 'print',
      id: 'e-1',
    });
    expect(matchRoute('/admin/lokakarya/ws-1/cetak/x')).toEqual({ name: 'notFound' });
    expect(matchRoute('/admin/entri/<x>')).toEqual({ name: 'notFound' });
    expect(matchRoute('/admin/rahasia')).toEqual({ name: 'notFound' });
  });
});
