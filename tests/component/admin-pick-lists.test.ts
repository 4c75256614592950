// The admin's editor of the yearly tematik and KIPP kategori lists, with a fake server: a year
// never set starts from the built-in list and says so; a saved year shows its list; problems are
// named by line (and a bad year beside the year) and nothing is sent until fixed; a save sends
// the trimmed list to that kind and year.
import { configure, fireEvent, render, screen, within } from '@testing-library/svelte';
import { KIPP_KATEGORI, TEMATIK } from '$src/core/picklists.ts';
import { db } from '$src/app/db/db.ts';
import { setToken } from '$src/app/replica/sync-state.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import PickListEditor from '$src/app/components/admin/PickListEditor.svelte';
import { setAdminFetch } from '$src/app/state/admin/api.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

interface Call {
  method: string;
  path: string;
  body: unknown;
}

function fakeServer() {
  const calls: Call[] = [];
  const yearly = [{ kind: 'kippKategori', year: 2025, items: ['Kesehatan', 'Pendidikan'], updatedAt: 1 }];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn<FetchLike>(async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    const path = url.pathname.replace('/api/v1', '');
    calls.push({ method, path, body });
    if (path === '/lists' && method === 'GET') return json({ opdList: null, yearly });
    const m = /^\/admin\/pick-lists\/(\w+)\/(\d+)$/.exec(path);
    if (m && method === 'PUT')
      return json({
        kind: m[1],
        year: Number(m[2]),
        items: (body as { items: string[] }).items,
        updatedAt: 2,
      });
    return json({ code: 'api.not_found', message: 'x', messageEn: 'x' }, 404);
  });
  return { fetch, writes: () => calls.filter((c) => c.method !== 'GET') };
}

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
  await db.meta.put({ key: 'adminSession', value: { username: 'kantor', expiresAt: Date.now() + 3600_000 } });
  await setToken(db, 'tok-admin');
});
afterEach(() => {
  setAdminFetch(null);
  vi.restoreAllMocks();
});

const box = () => screen.getByRole('textbox', { name: /satu per baris/ });

describe('the yearly lists editor', () => {
  it('starts from the built-in list, names bad lines and a bad year, sends nothing until fixed, then saves', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    render(PickListEditor);
    const year = (await screen.findByLabelText('Tahun')) as HTMLInputElement;
    await fireEvent.input(year, { target: { value: '2027' } });
    expect(
      await screen.findByText(/Tahun 2027 belum diatur: formulir memakai daftar bawaan \(5 pilihan\)/),
    ).toBeInTheDocument();
    expect(box()).toHaveValue(TEMATIK.join('\n'));

    await fireEvent.input(box(), { target: { value: `Kota Cerdas\n\nkota cerdas\n${'x'.repeat(151)}` } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan daftar' }));
    const alert = screen.getByRole('alert');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Baris 3: Sudah ada di daftar (huruf besar/kecil tidak dibedakan). Hapus yang dobel.',
      'Baris 4: Terlalu panjang. Persingkat teks ini.',
    ]);
    expect(box()).toHaveAttribute('aria-invalid', 'true');

    await fireEvent.input(year, { target: { value: '20x7' } });
    expect(year).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Tahun tidak valid/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Simpan daftar' })).toBeDisabled();
    expect(server.writes()).toEqual([]);

    await fireEvent.input(year, { target: { value: '2027' } });
    await fireEvent.input(box(), { target: { value: ' Kota Cerdas \nNon Tematik\n' } });
    expect(screen.getByText('2 pilihan di daftar (1 sampai 50).')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan daftar' }));
    expect(await screen.findByText('Tematik (IID) tahun 2027 disimpan (2 pilihan).')).toBeInTheDocument();
    expect(server.writes()).toEqual([
      {
        method: 'PUT',
        path: '/admin/pick-lists/tematik/2027',
        body: { items: ['Kota Cerdas', 'Non Tematik'] },
      },
    ]);
    expect(box()).toHaveValue('Kota Cerdas\nNon Tematik');
  });

  it('shows a saved year of the other kind, and the built-in one for a year not set', async () => {
    setAdminFetch(fakeServer().fetch);
    render(PickListEditor);
    const kind = await screen.findByLabelText('Daftar');
    await fireEvent.change(kind, { target: { value: 'kippKategori' } });
    await fireEvent.input(screen.getByLabelText('Tahun'), { target: { value: '2025' } });
    expect(box()).toHaveValue('Kesehatan\nPendidikan');
    expect(screen.getByText(/Terakhir disimpan/)).toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('Tahun'), { target: { value: '2026' } });
    expect(box()).toHaveValue(KIPP_KATEGORI.join('\n'));
  });
});
