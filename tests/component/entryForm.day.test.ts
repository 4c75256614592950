/**
 * Issue 21, the entry form on a workshop day: a restored conflict value reaches the open form
 * (so "Simpan" keeps it instead of writing the winner back), a save never writes back a value
 * the person did not touch, and the autosave says so while a draft is typed.
 */
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import EntryFormScreen from '$src/app/screens/EntryFormScreen.svelte';
import { conflictId } from '$src/core/merge.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
});

async function typeInto(el: HTMLElement, value: string) {
  el.focus();
  await fireEvent.input(el, { target: { value: (el as HTMLInputElement).value + value } });
}

async function savedEntry(nama: string): Promise<string> {
  return saveEntry(db, {
    entryId: null,
    draftId: null,
    values: {
      nama,
      opd: 'Dinas Sosial',
      tahapan: 'Inisiatif',
      jenis: 'Digital',
      bentuk: 'Inovasi Pelayanan Publik',
      urusanUtama: 'Sosial',
    },
    photos: [],
  });
}

/** A concurrent edit of `nama` that lost to the stored value, as a pull leaves it. */
async function lostName(id: string, value: string): Promise<void> {
  const winner = (await db.entries.get(id))!.stamps.nama!;
  const lost = {
    table: 'entries' as const,
    recordId: id,
    field: 'nama',
    value,
    stamp: '000000000000001-00000-other',
    winnerStamp: winner,
    concurrent: true,
  };
  await db.history.put({ ...lost, id: conflictId(lost), at: Date.now() });
}

describe('entry form: a restored conflict value', () => {
  it('"Pulihkan" shows the restored value in the open form, and "Simpan" keeps it', async () => {
    const id = await savedEntry('MENANG');
    await lostName(id, 'KALAH');
    const onsaved = vi.fn();
    render(EntryFormScreen, { props: { entryId: id, onsaved } });
    const nama = (await screen.findByLabelText(/Nama inovasi/)) as HTMLInputElement;
    expect(nama).toHaveValue('MENANG');

    await fireEvent.click(await screen.findByRole('button', { name: 'Pulihkan' }));
    await waitFor(async () => expect((await db.entries.get(id))?.fields.nama).toBe('KALAH'));
    await waitFor(() => expect(nama).toHaveValue('KALAH'));

    await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(id));
    expect((await db.entries.get(id))?.fields.nama).toBe('KALAH');
  });

  it('"Simpan" never writes back a value the person did not touch (a newer one arrived meanwhile)', async () => {
    const id = await savedEntry('LAMA');
    const onsaved = vi.fn();
    render(EntryFormScreen, { props: { entryId: id, onsaved } });
    await screen.findByLabelText(/Nama inovasi/);
    // A facilitator's edit arrives (a sync) while the form is open.
    await writeRecord(db, 'entries', id, { nama: 'BARU DARI FASILITATOR' });
    await typeInto(screen.getByLabelText('Tujuan inovasi'), 'Lebih cepat');
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(id));
    const entry = await db.entries.get(id);
    expect(entry?.fields.nama).toBe('BARU DARI FASILITATOR');
    expect(entry?.fields.tujuan).toBe('Lebih cepat');
  });
});

describe('entry form: the autosave says so', () => {
  it('"Tersimpan otomatis sebagai draf." appears once the draft is in IndexedDB', async () => {
    render(EntryFormScreen, { props: {} });
    const nama = await screen.findByLabelText(/Nama inovasi/);
    expect(screen.queryByText('Tersimpan otomatis sebagai draf.')).not.toBeInTheDocument();
    await typeInto(nama, 'Sapa Warga');
    expect(await screen.findByText('Tersimpan otomatis sebagai draf.')).toBeInTheDocument();
    expect((await db.drafts.toArray())[0]?.values.nama).toBe('Sapa Warga');
  });
});
