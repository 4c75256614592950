import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveDraft } from '$src/app/db/drafts.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { resetDb } from '../unit/app/helpers.ts';
import Toast from '$src/app/components/Toast.svelte';
import EntriesScreen from '$src/app/screens/EntriesScreen.svelte';

/** "Entri saya" with the app's toast, as the shell shows them together. */
function renderList(): void {
  render(EntriesScreen);
  render(Toast);
}

// The test machine is shared and slow at times: wait up to 10 s for IndexedDB work to show.
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => resetDb());

const base = { jenis: 'Digital', bentuk: 'Inovasi Pelayanan Publik', urusanUtama: 'Sosial' };

async function seed() {
  const sidoti = await saveEntry(db, {
    entryId: null,
    draftId: null,
    values: {
      ...base,
      nama: 'SIDOTI',
      opd: 'Dinas Lingkungan Hidup',
      tahapan: 'Uji Coba',
      tujuan: 'Sedot tinja terjadwal',
    },
    photos: [],
    now: 1_000,
  });
  const lapis = await saveEntry(db, {
    entryId: null,
    draftId: null,
    values: { ...base, nama: 'LAPIS MANIS', opd: 'DPMPTSP', tahapan: 'Inisiatif' },
    photos: [],
    now: 2_000,
  });
  const home = await saveEntry(db, {
    entryId: null,
    draftId: null,
    values: { ...base, nama: 'Sosial Home Care Lanjut Usia', opd: 'Dinas Sosial', tahapan: 'Penerapan' },
    photos: [],
    now: 3_000,
  });
  // Sent: the sync engine deleted its accepted outbox rows. Rejected: marked by the engine.
  await db.outbox.where('id').equals(lapis).delete();
  await db.outbox.where('id').equals(home).modify({ state: 'rejected' });
  await saveDraft(db, {
    id: 'd-new',
    entryId: null,
    values: { nama: 'JAGO SILO <b>draf</b>', opd: 'Kelurahan Bendogerit' },
    focus: null,
    photos: [],
  });
  return { sidoti, lapis, home };
}

function items(): HTMLElement[] {
  return screen.queryAllByTestId('entry-item');
}

function names(): string[] {
  return items().map((li) => within(li).getByRole('heading').textContent?.trim() ?? '');
}

function statusOf(name: string): string {
  const li = items().find((el) => within(el).getByRole('heading').textContent?.trim() === name);
  return li ? (within(li).getByTestId('entry-status').textContent ?? '').trim() : '(none)';
}

describe('Entri saya', () => {
  it("lists this device's entries and drafts with their status", async () => {
    await seed();
    renderList();
    await waitFor(() => expect(items()).toHaveLength(4));
    expect(statusOf('SIDOTI')).toBe('Tersimpan di perangkat');
    expect(statusOf('LAPIS MANIS')).toBe('Terkirim ke pusat');
    expect(statusOf('Sosial Home Care Lanjut Usia')).toBe('Perlu perhatian');
    expect(statusOf('JAGO SILO <b>draf</b>')).toBe('Draf');
    // Typed HTML is shown as text.
    expect(document.querySelector('[data-testid="entry-item"] b')).toBeNull();
    // Links: a draft reopens its own draft, an entry its edit form.
    expect(screen.getByRole('link', { name: 'JAGO SILO <b>draf</b>' })).toHaveAttribute(
      'href',
      '/entries/new?draft=d-new',
    );
  });

  it('searches any text and filters by tahapan, OPD and status', async () => {
    await seed();
    renderList();
    await waitFor(() => expect(items()).toHaveLength(4));
    const search = screen.getByLabelText('Cari entri');
    await fireEvent.input(search, { target: { value: 'tinja' } });
    await waitFor(() => expect(names()).toEqual(['SIDOTI']));
    await fireEvent.input(search, { target: { value: 'dinas' } });
    await waitFor(() => expect(names()).toEqual(['Sosial Home Care Lanjut Usia', 'SIDOTI']));
    await fireEvent.input(search, { target: { value: '' } });
    await fireEvent.change(screen.getByLabelText('Tahapan'), { target: { value: 'Penerapan' } });
    await waitFor(() => expect(names()).toEqual(['Sosial Home Care Lanjut Usia']));
    await fireEvent.change(screen.getByLabelText('Tahapan'), { target: { value: '' } });
    await fireEvent.change(screen.getByLabelText('OPD'), { target: { value: 'DPMPTSP' } });
    await waitFor(() => expect(names()).toEqual(['LAPIS MANIS']));
    await fireEvent.change(screen.getByLabelText('OPD'), { target: { value: '' } });
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'draft' } });
    await waitFor(() => expect(names()).toEqual(['JAGO SILO <b>draf</b>']));
    await fireEvent.input(search, { target: { value: 'tidak ada yang cocok' } });
    expect(await screen.findByText('Tidak ada entri yang cocok dengan pencarian ini.')).toBeInTheDocument();
  });

  it('duplicates an entry with " (salinan)" appended', async () => {
    await seed();
    renderList();
    await waitFor(() => expect(items()).toHaveLength(4));
    await fireEvent.click(screen.getByRole('button', { name: 'Buat salinan SIDOTI' }));
    await waitFor(() => expect(names()).toContain('SIDOTI (salinan)'));
    expect(statusOf('SIDOTI (salinan)')).toBe('Tersimpan di perangkat');
    expect(items()).toHaveLength(5);
  });

  it('deletes an entry and "Urungkan" brings it back', async () => {
    const { sidoti } = await seed();
    renderList();
    await waitFor(() => expect(items()).toHaveLength(4));
    await fireEvent.click(screen.getByRole('button', { name: 'Hapus SIDOTI' }));
    await waitFor(() => expect(names()).not.toContain('SIDOTI'));
    expect((await db.entries.get(sidoti))?.fields.deleted).toBe(true);
    expect(screen.getByTestId('toast')).toHaveTextContent('Entri "SIDOTI" dihapus.');
    await fireEvent.click(screen.getByRole('button', { name: 'Urungkan' }));
    await waitFor(() => expect(names()).toContain('SIDOTI'));
    expect((await db.entries.get(sidoti))?.fields.deleted).toBe(false);
  });

  it('renders the first 50 of many entries and shows 50 more on each request', async () => {
    const rows = Array.from({ length: 130 }, (_, i) => ({
      table: 'entries' as const,
      id: `e${String(i).padStart(4, '0')}`,
      fields: { nama: `Inovasi ${i}`, opd: 'DLH', tahapan: 'Inisiatif', authorId: '', deleted: false },
      stamps: {},
      bases: {},
      updatedAt: i,
    }));
    const { deviceId } = await import('$src/app/replica/device.ts');
    const me = await deviceId(db);
    await db.entries.bulkPut(rows.map((r) => ({ ...r, fields: { ...r.fields, authorId: me } })));
    renderList();
    await waitFor(() => expect(items()).toHaveLength(50));
    // The newest page shows first; the count is exact once the full index is read.
    await waitFor(() => expect(screen.getByTestId('entry-count')).toHaveTextContent('50 dari 130 entri'));
    expect(names()[0]).toBe('Inovasi 129');
    await fireEvent.click(screen.getByRole('button', { name: 'Tampilkan lebih banyak' }));
    await waitFor(() => expect(items()).toHaveLength(100));
    await fireEvent.click(screen.getByRole('button', { name: 'Tampilkan lebih banyak' }));
    await waitFor(() => expect(items()).toHaveLength(130));
    expect(screen.queryByRole('button', { name: 'Tampilkan lebih banyak' })).toBeNull();
  });

  it('says so when there is nothing yet', async () => {
    renderList();
    expect(await screen.findByText('Belum ada entri di perangkat ini.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Buat entri pertama' })).toHaveAttribute('href', '/entries/new');
  });
});
