// The admin's management screens with a fake server: the workshop edit form (checks before
// sending, sends only what changed, shows the saved workshop), close and reopen behind a
// confirm, the Pemda's OPD list editor (problems named by line, nothing sent until fixed, the
// saved list), a workshop's facilitators with revoke; and the dashboard's OPDs without
// innovation from the Pemda's list synced to the device.
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { PEMDA_RECORD_ID } from '$src/core/opd-list.ts';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { setToken } from '$src/app/replica/sync-state.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import AdminScreen from '$src/app/screens/admin/AdminScreen.svelte';
import WorkshopsView from '$src/app/screens/admin/WorkshopsView.svelte';
import { setAdminFetch } from '$src/app/state/admin/api.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W1 = {
  id: 'w1',
  nama: 'Lokakarya Blitar 2026',
  tanggal: '2026-11-27',
  tempat: 'Aula',
  penyelenggara: 'Bagian Organisasi',
  closed: false,
  allowPeerRead: true,
  opdCount: 2,
  opdList: ['Dinas Sosial', 'Bappeda'],
  codes: {
    participant: { code: 'ABCD2345', link: 'http://lumbung.test/join/ABCD2345' },
    facilitator: { code: 'FFGG6789', link: 'http://lumbung.test/join/FFGG6789' },
  },
};

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** A tiny fake of the admin API: one workshop, the OPD list, one facilitator. */
function fakeServer() {
  const calls: Call[] = [];
  let workshop = { ...W1 };
  let opd: { opdList: string[] | null; updatedAt: number | null } = { opdList: null, updatedAt: null };
  let revokedAt: number | null = null;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn<FetchLike>(async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    const path = url.pathname.replace('/api/v1', '') + url.search;
    calls.push({ method, path, body });
    if (path === '/admin/workshops' && method === 'GET') return json({ workshops: [workshop] });
    if (path === '/admin/workshops/w1' && method === 'PATCH') {
      const patch = body as Partial<typeof W1>;
      workshop = { ...workshop, ...patch, opdCount: (patch.opdList ?? workshop.opdList).length };
      return json({ workshop });
    }
    if (path === '/admin/opd-list' && method === 'GET') return json(opd);
    if (path === '/admin/opd-list' && method === 'PUT') {
      opd = { opdList: (body as { opdList: string[] }).opdList, updatedAt: Date.now() };
      return json(opd);
    }
    if (path === '/admin/devices?role=facilitator&workshopId=w1')
      return json({
        devices: [
          {
            id: 'f1',
            name: 'Bu Rina',
            role: 'facilitator',
            workshopId: 'w1',
            workshopName: W1.nama,
            createdAt: Date.parse('2026-11-27T01:00:00Z'),
            expiresAt: null,
            revokedAt,
            lastSeenAt: null,
          },
        ],
      });
    if (path === '/admin/devices/f1/revoke' && method === 'POST') {
      revokedAt = Date.now();
      return json({ id: 'f1', revokedAt });
    }
    return json({ code: 'api.not_found', message: 'x', messageEn: 'x' }, 404);
  });
  return { fetch, calls, writes: () => calls.filter((c) => c.method !== 'GET') };
}

async function signedIn() {
  await db.meta.put({ key: 'adminSession', value: { username: 'kantor', expiresAt: Date.now() + 3600_000 } });
  await setToken(db, 'tok-admin');
}

function openDetails(summaryText: string | RegExp) {
  const details = screen.getByText(summaryText).closest('details')!;
  details.open = true;
  details.dispatchEvent(new Event('toggle'));
}

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
  await signedIn();
});
afterEach(() => {
  setAdminFetch(null);
  vi.restoreAllMocks();
});

describe('workshop edit form', () => {
  it('checks the name and the OPD lines before sending, then sends only what changed', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    render(WorkshopsView);
    await screen.findByRole('heading', { name: W1.nama });
    await fireEvent.click(screen.getByRole('button', { name: `Ubah: ${W1.nama}` }));
    const form = screen.getByRole('form', { name: `Ubah lokakarya ${W1.nama}` });
    const f = within(form);
    expect(f.getByLabelText(/Nama lokakarya/)).toHaveValue(W1.nama);
    expect(f.getByLabelText('Tanggal (hh/bb/tttt)')).toHaveValue('27/11/2026');
    expect(f.getByLabelText('OPD lokakarya ini (satu per baris)')).toHaveValue('Dinas Sosial\nBappeda');

    await fireEvent.input(f.getByLabelText(/Nama lokakarya/), { target: { value: '  ' } });
    await fireEvent.input(f.getByLabelText('OPD lokakarya ini (satu per baris)'), {
      target: { value: 'Dinas Sosial\n\nDINAS SOSIAL' },
    });
    await fireEvent.click(f.getByRole('button', { name: 'Simpan perubahan' }));
    const alert = f.getByRole('alert');
    expect(alert).toHaveTextContent('Nama lokakarya: Wajib diisi.');
    expect(alert).toHaveTextContent('Baris 3: Sudah ada di daftar');
    expect(server.writes()).toEqual([]);

    await fireEvent.input(f.getByLabelText(/Nama lokakarya/), { target: { value: ' Lokakarya Hari 2 ' } });
    await fireEvent.input(f.getByLabelText('OPD lokakarya ini (satu per baris)'), {
      target: { value: 'Dinas Sosial\n Bappeda \nDinas Pendidikan\n' },
    });
    await fireEvent.click(f.getByRole('button', { name: 'Simpan perubahan' }));
    expect(await screen.findByText(/Perubahan Lokakarya Hari 2 disimpan/)).toBeInTheDocument();
    expect(server.writes()).toEqual([
      {
        method: 'PATCH',
        path: '/admin/workshops/w1',
        body: { nama: 'Lokakarya Hari 2', opdList: ['Dinas Sosial', 'Bappeda', 'Dinas Pendidikan'] },
      },
    ]);
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Lokakarya Hari 2' })).toBeInTheDocument();
    expect(screen.getByText(/3 OPD/)).toBeInTheDocument();
  });

  it('an unchanged form sends nothing and says so; a bad date is refused', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    render(WorkshopsView);
    await fireEvent.click(await screen.findByRole('button', { name: `Ubah: ${W1.nama}` }));
    const f = within(screen.getByRole('form'));
    await fireEvent.click(f.getByRole('button', { name: 'Simpan perubahan' }));
    expect(f.getByText('Tidak ada yang diubah.')).toBeInTheDocument();
    await fireEvent.input(f.getByLabelText('Tanggal (hh/bb/tttt)'), { target: { value: '31/02/2026' } });
    await fireEvent.click(f.getByRole('button', { name: 'Simpan perubahan' }));
    expect(f.getByRole('alert')).toHaveTextContent('Tanggal harus hh/bb/tttt');
    expect(server.writes()).toEqual([]);
  });
});

describe('close and reopen', () => {
  it('asks first; closing marks the workshop closed, reopening undoes it', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    render(WorkshopsView);
    const close = await screen.findByRole('button', { name: `Tutup lokakarya: ${W1.nama}` });
    await fireEvent.click(close);
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Tutup Lokakarya Blitar 2026?'));
    expect(server.writes()).toEqual([]);

    confirm.mockReturnValue(true);
    await fireEvent.click(close);
    expect(await screen.findByText('Lokakarya Blitar 2026 ditutup.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: `${W1.nama} (ditutup)` })).toBeInTheDocument();
    expect(screen.getByText(/Ditutup: kodenya tidak bisa dipakai bergabung/)).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: `Buka kembali: ${W1.nama}` }));
    expect(await screen.findByText('Lokakarya Blitar 2026 dibuka kembali.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: W1.nama })).toBeInTheDocument();
    expect(server.writes().map((c) => c.body)).toEqual([{ closed: true }, { closed: false }]);
  });
});

describe("the Pemda's OPD list editor", () => {
  it('names the line of each problem, sends nothing until fixed, then saves the trimmed list', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    render(WorkshopsView);
    await screen.findByRole('heading', { name: W1.nama });
    expect(server.calls.some((c) => c.path === '/admin/opd-list')).toBe(false);
    openDetails('Daftar OPD Pemda');
    const box = await screen.findByLabelText('OPD Pemda (satu per baris)');
    expect(
      screen.getByText(/Belum diatur: lokakarya baru memakai daftar bawaan Kota Blitar/),
    ).toBeInTheDocument();

    await fireEvent.input(box, { target: { value: `Bapperinda\nBPKAD\n\nbapperinda\n${'x'.repeat(151)}` } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan daftar OPD' }));
    const alert = screen.getByRole('alert');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Baris 4: Sudah ada di daftar (huruf besar/kecil tidak dibedakan). Hapus yang dobel.',
      'Baris 5: Terlalu panjang. Persingkat teks ini.',
    ]);
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(server.writes()).toEqual([]);

    await fireEvent.input(box, { target: { value: ' Bapperinda \nBPKAD\n\nDinas Sosial\n' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('3 OPD di daftar (paling banyak 300).')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan daftar OPD' }));
    expect(await screen.findByText('Daftar OPD Pemda disimpan (3 OPD).')).toBeInTheDocument();
    expect(server.writes()).toEqual([
      { method: 'PUT', path: '/admin/opd-list', body: { opdList: ['Bapperinda', 'BPKAD', 'Dinas Sosial'] } },
    ]);
    expect(box).toHaveValue('Bapperinda\nBPKAD\nDinas Sosial');
  });

  it('in English too', async () => {
    i18n.setLang('en');
    setAdminFetch(fakeServer().fetch);
    render(WorkshopsView);
    await screen.findByRole('heading', { name: W1.nama });
    openDetails("The Pemda's OPD list");
    const box = await screen.findByLabelText("The Pemda's OPDs (one per line)");
    await fireEvent.input(box, { target: { value: 'A\na' } });
    expect(screen.getByRole('alert')).toHaveTextContent('Line 2: Already in the list');
  });
});

describe("a workshop's facilitators", () => {
  it('loads when opened, shows when each joined, and revokes after a confirm', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(WorkshopsView);
    await screen.findByRole('heading', { name: W1.nama });
    openDetails('Fasilitator lokakarya ini');
    expect(await screen.findByText('Bu Rina')).toBeInTheDocument();
    expect(screen.getByText(/bergabung .*2026/)).toBeInTheDocument();
    expect(screen.getByText(/kapan terakhir terlihat belum tercatat/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Cabut akses: Bu Rina' }));
    expect(await screen.findByText('Akses Bu Rina dicabut.')).toBeInTheDocument();
    expect(screen.getByText(/dicabut /)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Cabut akses/ })).toBeNull();
    expect(server.writes()).toEqual([{ method: 'POST', path: '/admin/devices/f1/revoke', body: {} }]);
  });
});

describe("the dashboard and the Pemda's list", () => {
  it("OPDs with no innovation come from the Pemda's list when it is synced; it is no workshop", async () => {
    await writeRecord(db, 'workshops', 'w1', { nama: 'Lokakarya Blitar 2026', opdList: ['Dinas Sosial'] });
    await writeRecord(db, 'workshops', PEMDA_RECORD_ID, {
      nama: 'Daftar OPD Pemda',
      opdList: ['Dinas Sosial', 'Bapperinda', 'Dinas Pendidikan'],
      closed: true,
    });
    await writeRecord(db, 'entries', 'e1', {
      nama: 'Si Pintar',
      opd: 'Dinas Sosial',
      tahapan: 'Inisiatif',
      workshopId: 'w1',
      createdAt: Date.parse('2026-03-10T03:00:00Z'),
    });
    render(AdminScreen, { view: 'dashboard', search: '', navigate: vi.fn() });
    expect(await screen.findByText('1 inovasi')).toBeInTheDocument();
    const without = screen.getByRole('heading', { name: /OPD tanpa inovasi/ })
      .nextElementSibling as HTMLElement;
    await waitFor(() =>
      expect(
        within(without)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['Bapperinda', 'Dinas Pendidikan']),
    );
    const filter = screen.getByLabelText('Lokakarya');
    expect(within(filter).queryByText('Daftar OPD Pemda')).toBeNull();
    // One workshop chosen: that workshop's own list (every OPD in it has an innovation).
    await fireEvent.change(filter, { target: { value: 'w1' } });
    expect(await screen.findByText('Semua OPD dalam daftar sudah punya inovasi.')).toBeInTheDocument();
  });
});
