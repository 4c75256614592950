// The stagnan screen with a fake server: why each innovation is listed, the admin sets a
// follow-up (checked before sending: nothing sent while a field is wrong, messages translated),
// sees it in the list and in the print view; carrying one innovation and a whole year to the
// next cycle writes through writeRecord (record and outbox together).
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import CarryYear from '$src/app/components/admin/CarryYear.svelte';
import IidCycle from '$src/app/components/admin/IidCycle.svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { setToken } from '$src/app/replica/sync-state.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import AdminScreen from '$src/app/screens/admin/AdminScreen.svelte';
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
  const followUps = new Map<string, unknown>();
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn<FetchLike>(async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    const path = url.pathname.replace('/api/v1', '');
    calls.push({ method, path, body });
    await Promise.resolve();
    if (path === '/admin/follow-ups' && method === 'GET') return json({ followUps: [...followUps.values()] });
    const m = /^\/admin\/follow-ups\/(.+)$/.exec(path);
    if (m && method === 'PUT') {
      const f = { entryId: m[1], ...(body as object), updatedAt: Date.now(), updatedBy: 'admin-1' };
      followUps.set(m[1]!, f);
      return json({ followUp: f });
    }
    return json({ code: 'api.not_found', message: 'x', messageEn: 'x' }, 404);
  });
  return { fetch, calls, puts: () => calls.filter((c) => c.method === 'PUT') };
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

describe('stagnan list and follow-ups', () => {
  it('lists why, refuses a bad follow-up with translated messages, saves a good one and shows it', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    // In Penerapan without evidence: listed whatever the time. Fresh in Inisiatif: not listed.
    await writeRecord(db, 'entries', 'e1', { nama: 'Si Pintar', opd: 'Dinas Sosial', tahapan: 'Penerapan' });
    await writeRecord(db, 'entries', 'e2', { nama: 'Baru Saja', opd: 'Bappeda', tahapan: 'Inisiatif' });
    render(AdminScreen, { view: 'stagnant', search: '', navigate: vi.fn() });

    const row = (await screen.findAllByTestId('stagnant-row'))[0]!;
    expect(screen.getAllByTestId('stagnant-row')).toHaveLength(1);
    expect(within(row).getByText('Si Pintar')).toBeInTheDocument();
    expect(within(row).getByText('belum ada bukti')).toBeInTheDocument();
    expect(within(row).getByTestId('follow-up')).toHaveTextContent('Belum ada tindak lanjut.');

    await fireEvent.click(await within(row).findByRole('button', { name: 'Atur tindak lanjut: Si Pintar' }));
    const target = within(row).getByLabelText('Target (hh/bb/tttt)');
    await fireEvent.input(target, { target: { value: '31/02/2027' } });
    await fireEvent.input(within(row).getByLabelText('Catatan'), { target: { value: 'x'.repeat(2001) } });
    await fireEvent.click(within(row).getByRole('button', { name: 'Simpan tindak lanjut' }));
    expect(await within(row).findByText(i18n.error('field.required'))).toBeInTheDocument();
    expect(within(row).getByText(i18n.error('field.invalid_date'))).toBeInTheDocument();
    expect(within(row).getByLabelText('Penanggung jawab')).toHaveAttribute('aria-invalid', 'true');
    expect(target).toHaveAttribute('aria-invalid', 'true');
    expect(server.puts()).toEqual([]);

    await fireEvent.input(within(row).getByLabelText('Penanggung jawab'), { target: { value: 'Bu Rina' } });
    await fireEvent.input(target, { target: { value: '31/01/2027' } });
    await fireEvent.input(within(row).getByLabelText('Catatan'), { target: { value: 'Telepon Kadis' } });
    await fireEvent.click(within(row).getByRole('button', { name: 'Simpan tindak lanjut' }));
    await waitFor(() => expect(server.puts()).toHaveLength(1));
    expect(server.puts()[0]).toEqual({
      method: 'PUT',
      path: '/admin/follow-ups/e1',
      body: { penanggungJawab: 'Bu Rina', target: '2027-01-31', catatan: 'Telepon Kadis', selesai: false },
    });
    await waitFor(() =>
      expect(within(row).getByTestId('follow-up')).toHaveTextContent(
        'Penanggung jawab: Bu Rina · target 31/01/2027 — Telepon Kadis',
      ),
    );
    expect(screen.getByText('Tindak lanjut tersimpan di server.')).toBeInTheDocument();
    expect(within(row).queryByLabelText('Penanggung jawab')).toBeNull();
  });

  it('the print view shows the same list as a table with its eight columns', async () => {
    const server = fakeServer();
    setAdminFetch(server.fetch);
    await writeRecord(db, 'entries', 'e1', { nama: 'Si Pintar', opd: 'Dinas Sosial', tahapan: 'Penerapan' });
    render(AdminScreen, { view: 'stagnantPrint', search: '?bulan=9', navigate: vi.fn() });
    const report = await screen.findByTestId('stagnant-report');
    expect(within(report).getByRole('heading', { name: 'Daftar inovasi stagnan' })).toBeInTheDocument();
    expect(within(report).getByTestId('stagnant-meta')).toHaveTextContent(
      'paling sedikit 9 bulan · 1 inovasi',
    );
    const cells = within(report)
      .getAllByRole('columnheader')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      'Nama inovasi',
      'OPD',
      'Tahap',
      'Sejak',
      'Alasan',
      'Penanggung jawab',
      'Target',
      'Catatan',
    ]);
    const [, body] = within(report).getAllByRole('row');
    expect(
      within(body!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Si Pintar', 'Dinas Sosial', 'Penerapan', '—', 'belum ada bukti', '', '', '']);
  });
});

describe('carry to the next year', () => {
  it('one innovation: the next year, where it came from, the upload pinned to its year; the form follows', async () => {
    await writeRecord(db, 'entries', 'e1', {
      nama: 'Si Pintar',
      tahunLaporan: 2026,
      iidDiunggah: '2026-03-17',
    });
    await db.outbox.clear();
    render(IidCycle, { db, entryId: 'e1', fields: (await db.entries.get('e1'))!.fields });
    await fireEvent.click(screen.getByRole('button', { name: 'Bawa ke siklus 2027' }));
    expect(await screen.findByText(/Dibawa ke siklus 2027\./)).toBeInTheDocument();
    const f = (await db.entries.get('e1'))!.fields;
    expect(f).toMatchObject({
      tahunLaporan: 2027,
      dibawaDariTahun: 2026,
      iidDiunggah: '2026-03-17',
      iidTahun: 2026,
    });
    expect((await db.outbox.toArray()).map((o) => o.fields)).toEqual([
      { tahunLaporan: 2027, dibawaDariTahun: 2026, iidTahun: 2026 },
    ]);
    expect(screen.getByLabelText('Tahun laporan')).toHaveValue('2027');
    expect(screen.getByLabelText('Sudah diunggah ke IID')).not.toBeChecked();
  });

  it('a whole year: counted first, then carried on confirmation; other years and deleted ones stay', async () => {
    const in2026 = Date.UTC(2026, 2, 1);
    await writeRecord(db, 'entries', 'a', { nama: 'A', createdAt: in2026 });
    await writeRecord(db, 'entries', 'b', { nama: 'B', tahunLaporan: 2026, createdAt: Date.UTC(2025, 2, 1) });
    await writeRecord(db, 'entries', 'c', { nama: 'C', createdAt: Date.UTC(2025, 2, 1) });
    await writeRecord(db, 'entries', 'd', { nama: 'D', createdAt: in2026, deleted: true });
    await db.outbox.clear();
    render(CarryYear, { db });
    const year = screen.getByLabelText('Tahun laporan asal');
    await fireEvent.input(year, { target: { value: '20x6' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Hitung inovasi' }));
    expect(await screen.findByText(i18n.error('field.invalid_year'))).toBeInTheDocument();

    await fireEvent.input(year, { target: { value: '2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Hitung inovasi' }));
    expect(await screen.findByText('2 inovasi tahun laporan 2026 akan dibawa ke 2027.')).toBeInTheDocument();
    expect(await db.outbox.count()).toBe(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Ya, bawa 2 inovasi ke 2027' }));
    expect(await screen.findByText(/^2 inovasi dibawa ke siklus 2027\./)).toBeInTheDocument();
    const years = Object.fromEntries(
      (await db.entries.toArray()).map((r) => [
        r.id,
        [r.fields.tahunLaporan ?? null, r.fields.dibawaDariTahun ?? null],
      ]),
    );
    expect(years).toEqual({ a: [2027, 2026], b: [2027, 2026], c: [null, null], d: [null, null] });
    expect(await db.outbox.count()).toBe(2);
  });
});
