// The admin screen over the device's IndexedDB copy: without a session it asks to sign in; with
// one, the dashboard shows entries of two workshops as bars with visible numbers and spoken
// labels, each bar a link to its filtered list, the basic-service coverage and the OPDs without
// innovation; the workshop filter narrows every count.
import { configure, fireEvent, render, screen, within } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import AdminScreen from '$src/app/screens/admin/AdminScreen.svelte';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

async function seed() {
  await writeRecord(db, 'workshops', 'w1', {
    nama: 'Lokakarya Blitar 2026',
    opdList: ['Dinas Sosial', 'Dinas Kesehatan', 'Bappeda'],
  });
  await writeRecord(db, 'workshops', 'w2', { nama: 'Lokakarya Kedua', opdList: ['Dinas Pendidikan'] });
  const base = {
    tahapan: 'Inisiatif',
    jenis: 'Digital',
    deleted: false,
    createdAt: Date.parse('2026-03-10T03:00:00Z'),
  };
  await writeRecord(db, 'entries', 'e1', {
    ...base,
    nama: 'Si Pintar',
    opd: 'Dinas Sosial',
    urusanUtama: 'Sosial',
    workshopId: 'w1',
  });
  await writeRecord(db, 'entries', 'e2', {
    ...base,
    nama: 'Sehat Bersama',
    opd: 'Dinas Kesehatan',
    urusanUtama: 'Kesehatan',
    workshopId: 'w1',
  });
  await writeRecord(db, 'entries', 'e3', {
    ...base,
    nama: 'Bansos Cepat',
    opd: 'Dinas Sosial',
    urusanUtama: 'Sosial',
    workshopId: 'w2',
  });
  await writeRecord(db, 'entries', 'e4', {
    ...base,
    nama: 'Dihapus',
    opd: 'Bappeda',
    deleted: true,
    workshopId: 'w1',
  });
}

/** The admin's session as the sign-in leaves it on the device (valid for an hour). */
function signIn() {
  return db.meta.put({
    key: 'adminSession',
    value: { username: 'kantor', expiresAt: Date.now() + 3600_000 },
  });
}

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
});

describe('admin dashboard', () => {
  it('asks to sign in when there is no admin session', async () => {
    render(AdminScreen, { view: 'dashboard', navigate: vi.fn() });
    expect(await screen.findByText('Halaman ini untuk admin. Masuk dulu.')).toBeInTheDocument();
    expect(screen.getByLabelText('Kata sandi')).toBeInTheDocument();
  });

  it('shows entries of every workshop as linked bars, coverage and OPDs without innovation', async () => {
    await seed();
    await signIn();
    render(AdminScreen, { view: 'dashboard', search: '', navigate: vi.fn() });

    expect(await screen.findByText('3 inovasi')).toBeInTheDocument();
    const opd = screen.getByRole('heading', { name: 'Per OPD' }).closest('section')!;
    const sosial = within(opd).getByRole('link', { name: 'Dinas Sosial: 2 inovasi. Buka daftarnya.' });
    expect(sosial).toHaveTextContent('2');
    expect(sosial.getAttribute('href')).toBe('/admin/entri?dim=opd&v=Dinas+Sosial');
    expect(screen.getByText('2 dari 6 urusan sudah punya inovasi.')).toBeInTheDocument();
    const without = screen.getByRole('heading', { name: /OPD tanpa inovasi/ }).nextElementSibling!;
    expect(
      within(without as HTMLElement)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Bappeda', 'Dinas Pendidikan']);

    await fireEvent.change(screen.getByLabelText('Lokakarya'), { target: { value: 'w2' } });
    expect(await screen.findByText('1 inovasi')).toBeInTheDocument();
    expect(
      within(opd).getByRole('link', { name: 'Dinas Sosial: 1 inovasi. Buka daftarnya.' }),
    ).toBeInTheDocument();
  });

  it('lists the entries behind a bar', async () => {
    await seed();
    await signIn();
    render(AdminScreen, { view: 'entries', search: '?dim=opd&v=Dinas%20Sosial', navigate: vi.fn() });
    expect(await screen.findByText('2 inovasi')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Si Pintar' })).toHaveAttribute('href', '/admin/entri/e1');
    expect(screen.getByRole('link', { name: 'Bansos Cepat' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Sehat Bersama' })).toBeNull();
  });

  it("prints one OPD's report: its entries of every workshop by name, none deleted or of another OPD", async () => {
    await seed();
    await writeRecord(db, 'entries', 'e5', {
      nama: 'Digabung',
      opd: 'Dinas Sosial',
      tahapan: 'Inisiatif',
      mergedInto: 'e1',
      workshopId: 'w1',
    });
    await signIn();
    render(AdminScreen, { view: 'report', search: '?opd=Dinas%20Sosial', navigate: vi.fn() });
    expect(await screen.findByRole('heading', { name: 'Laporan inovasi: Dinas Sosial' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Laporan lokakarya per OPD',
      '1. Bansos Cepat',
      '2. Si Pintar',
    ]);
  });

  it('says so when the OPD has no innovation left (its only entry deleted)', async () => {
    await seed();
    await signIn();
    render(AdminScreen, { view: 'report', search: '?opd=Bappeda', navigate: vi.fn() });
    expect(await screen.findByText('OPD ini belum punya inovasi.')).toBeInTheDocument();
    expect(screen.queryByText(/Dihapus/)).toBeNull();
  });
});
