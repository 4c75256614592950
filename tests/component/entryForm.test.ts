import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { setImageResizer } from '$src/app/photos/resize.ts';
import EntryFormScreen from '$src/app/screens/EntryFormScreen.svelte';
import { flushAll } from '$src/app/state/flush.ts';
import { failWrites, fakeResizer, resetDb } from '../unit/app/helpers.ts';

// The test machine is shared and slow at times: wait up to 10 s for IndexedDB work to show.
configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
  setImageResizer(fakeResizer);
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:thumb'), revokeObjectURL: vi.fn() }),
  );
});
afterEach(() => {
  setImageResizer(null);
});

/** Typing, as the browser reports it: focus, then an input event with the new value. */
const user = {
  async type(el: HTMLElement, value: string) {
    el.focus();
    await fireEvent.input(el, { target: { value: (el as HTMLInputElement).value + value } });
  },
  async paste(value: string) {
    const el = document.activeElement as HTMLInputElement;
    await fireEvent.input(el, { target: { value: el.value + value } });
  },
  async clear(el: HTMLElement) {
    el.focus();
    await fireEvent.input(el, { target: { value: '' } });
  },
  async click(el: HTMLElement) {
    el.focus();
    await fireEvent.click(el);
  },
  async selectOptions(el: HTMLElement, value: string) {
    el.focus();
    await fireEvent.change(el, { target: { value } });
  },
  /** The file picker: its `accept` is only a hint to the browser, so the app checks for itself. */
  async upload(input: HTMLInputElement, file: File) {
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await fireEvent.change(input);
  },
};

async function openForm(
  props: { entryId?: string | null; draftId?: string | null; onsaved?: (id: string) => void } = {},
) {
  const view = render(EntryFormScreen, { props });
  const nama = await screen.findByLabelText(/Nama inovasi/);
  return { view, nama: nama as HTMLInputElement };
}

/** The message shown beside a field, found the way assistive technology finds it. */
function messageOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join('')
    .trim();
}

async function fillCore(nama: string) {
  await user.type(screen.getByLabelText(/Nama inovasi/), nama);
  await user.type(screen.getByLabelText(/OPD \/ unit pengisi/), 'Dinas Sosial');
  await user.selectOptions(screen.getByLabelText(/Jenis inovasi/), 'Non Digital');
  await user.selectOptions(screen.getByLabelText(/Bentuk inovasi/), 'Inovasi Pelayanan Publik');
  await user.selectOptions(screen.getByLabelText(/Urusan utama/), 'Sosial');
}

describe('entry form: validation beside each field', () => {
  it('an empty save marks every mandatory field as required and saves nothing', async () => {
    const { nama } = await openForm();
    expect(screen.getByLabelText(/Tahapan inovasi/)).toHaveValue('Inisiatif');
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(nama).toHaveAttribute('aria-invalid', 'true'));
    expect(messageOf(nama)).toBe('Wajib diisi.');
    for (const label of [/OPD \/ unit pengisi/, /Jenis inovasi/, /Bentuk inovasi/, /Urusan utama/]) {
      expect(messageOf(screen.getByLabelText(label))).toBe('Wajib diisi.');
    }
    expect(screen.getByLabelText(/Tahapan inovasi/)).not.toHaveAttribute('aria-invalid');
    expect(await db.entries.count()).toBe(0);
    // The first invalid field gets focus, so a keyboard or screen-reader user lands on it.
    expect(document.activeElement).toBe(nama);
  });

  it('too long text is refused beside the field; emoji and RTL text are accepted', async () => {
    const { nama } = await openForm();
    await user.click(nama);
    await user.paste('x'.repeat(151));
    await waitFor(() =>
      expect(messageOf(nama)).toBe('Terlalu panjang: maksimal 150 karakter. Persingkat teks ini.'),
    );
    expect(nama).toHaveAttribute('aria-invalid', 'true');
    // No maxlength: a browser cuts a longer paste there without a word, and the cut text is lost.
    // The field keeps all of it and says the limit, so the person shortens it themselves.
    expect(nama).not.toHaveAttribute('maxlength');
    expect((nama as HTMLInputElement).value).toHaveLength(151);
    await user.clear(nama);
    await user.paste('Ketawa si Ibu Penting Bro 🐄✨');
    await waitFor(() => expect(nama).not.toHaveAttribute('aria-invalid'));
    await user.clear(nama);
    await user.paste('خدمة عامة — layanan');
    await waitFor(() => expect(nama).not.toHaveAttribute('aria-invalid'));
    expect(messageOf(nama)).toBe('');
  });

  it('a bidi override hidden in the text is refused', async () => {
    const { nama } = await openForm();
    await user.click(nama);
    await user.paste('SIDOTI \u202Eexe.txt');
    await waitFor(() => expect(messageOf(nama)).toMatch(/karakter tersembunyi/));
  });

  it('a bad WhatsApp number and an impossible date get their own messages', async () => {
    await openForm();
    const wa = screen.getByLabelText(/Nomor WhatsApp/);
    await user.click(wa);
    await user.paste('12345abc');
    await waitFor(() => expect(messageOf(wa)).toMatch(/Nomor WhatsApp tidak valid/));
    const date = screen.getByLabelText(/Waktu inisiasi/);
    await user.click(date);
    await user.paste('31/02/2024');
    await waitFor(() => expect(messageOf(date)).toMatch(/Tanggal tidak valid/));
    await user.clear(date);
    await user.paste('23/11/2020');
    await waitFor(() => expect(date).not.toHaveAttribute('aria-invalid'));
  });

  it('HTML typed as a name is kept and shown as text, never as markup', async () => {
    const html = '<img src=x onerror="alert(1)"><b>tebal</b>';
    const { nama } = await openForm();
    await user.click(nama);
    await user.paste(html);
    expect(nama.value).toBe(html);
    expect(document.querySelector('b')).toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows a live word counter for rancang bangun that counts its sub-parts, as readiness does', async () => {
    await openForm();
    const rb = screen.getByLabelText('Rancang bangun dan pokok perubahan');
    await user.click(rb);
    await user.paste('Pelayanan lansia di rumah oleh petugas Dinas Sosial');
    await waitFor(() => expect(screen.getByText('(8 dari minimal 300 kata)')).toBeInTheDocument());
    await user.type(screen.getByLabelText(/Dasar hukum/), 'Perwali Blitar 12/2021');
    await waitFor(() => expect(screen.getByText('(11 dari minimal 300 kata)')).toBeInTheDocument());
  });
});

describe('entry form: autosave and restore', () => {
  it('writes a draft while typing, and a new form restores it with the focus where it was', async () => {
    const { view, nama } = await openForm();
    await user.type(nama, 'JAGO SILO');
    const tujuan = screen.getByLabelText('Tujuan inovasi');
    await user.click(tujuan);
    await user.type(tujuan, 'Jajan Nonggo Nglarisi Bolo');
    // This form's draft (an earlier test's form may still write its own as it goes).
    const mine = async () => (await db.drafts.toArray()).find((d) => d.values.nama === 'JAGO SILO');
    await waitFor(async () => {
      const draft = await mine();
      expect(draft?.values.tujuan).toBe('Jajan Nonggo Nglarisi Bolo');
      expect(draft?.focus).toBe('f-tujuan');
    });
    view.unmount();

    // "Entri baru" again: a blank form, the draft one tap away (issue 21).
    const blank = await openForm();
    const link = await screen.findByRole('link', { name: 'Lanjutkan draf: JAGO SILO' });
    expect(blank.nama).toHaveValue('');
    expect(screen.queryByTestId('draft-restored')).toBeNull();
    const draft = await mine();
    expect(link.getAttribute('href')).toBe(`/entries/new?draft=${encodeURIComponent(draft!.id)}`);
    blank.view.unmount();

    // The link (or a reload of the URL the form recorded) opens the draft.
    await openForm({ draftId: draft!.id });
    expect(await screen.findByTestId('draft-restored')).toBeInTheDocument();
    expect(screen.getByLabelText(/Nama inovasi/)).toHaveValue('JAGO SILO');
    const restored = screen.getByLabelText('Tujuan inovasi');
    expect(restored).toHaveValue('Jajan Nonggo Nglarisi Bolo');
    await waitFor(() => expect(document.activeElement).toBe(restored));
    expect(restored.closest('details')?.open).toBe(true);
  });

  it('flushAll() writes the pending change at once (before a reload or an update)', async () => {
    const { nama } = await openForm();
    await user.type(nama, 'S');
    await flushAll();
    expect((await db.drafts.toArray())[0]?.values.nama).toBe('S');
  });

  it('"Buang draf" forgets the draft and empties the form', async () => {
    const { view, nama } = await openForm();
    await user.type(nama, 'SAPA MAS WALI');
    await flushAll();
    view.unmount();
    const [draft] = await db.drafts.toArray();
    await openForm({ draftId: draft!.id });
    await user.click(await screen.findByRole('button', { name: 'Buang draf' }));
    await waitFor(() => expect(screen.getByLabelText(/Nama inovasi/)).toHaveValue(''));
    expect(await db.drafts.count()).toBe(0);
  });
});

describe('entry form: saving', () => {
  it('a WhatsApp number as people write it is saved normalised; dates out of order are refused on save', async () => {
    const onsaved = vi.fn();
    await openForm({ onsaved });
    await fillCore('SAPA MAS WALI');
    const wa = screen.getByLabelText(/Nomor WhatsApp/);
    await user.click(wa);
    await user.paste('+62 857 1234 5678');
    await waitFor(() => expect(wa).not.toHaveAttribute('aria-invalid'));
    const inisiasi = screen.getByLabelText(/Waktu inisiasi/);
    const ujiCoba = screen.getByLabelText(/Waktu uji coba/);
    await user.type(inisiasi, '01/06/2021');
    await user.type(ujiCoba, '01/01/2021');
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(messageOf(ujiCoba)).toMatch(/sebelum waktu inisiasi/));
    expect(onsaved).not.toHaveBeenCalled();
    await user.clear(ujiCoba);
    await user.type(ujiCoba, '01/07/2021');
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    const entry = await db.entries.get(onsaved.mock.calls[0]![0] as string);
    expect(entry?.fields).toMatchObject({
      cpWhatsapp: '6285712345678',
      waktuInisiasi: '2021-06-01',
      waktuUjiCoba: '2021-07-01',
    });
  });

  it('"Simpan" writes the entry and its outbox change, removes the draft and reports the id', async () => {
    const onsaved = vi.fn();
    await openForm({ onsaved });
    await fillCore('Sosial Home Care Lanjut Usia');
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    const id = onsaved.mock.calls[0]![0] as string;
    const entry = await db.entries.get(id);
    expect(entry?.fields).toMatchObject({
      nama: 'Sosial Home Care Lanjut Usia',
      opd: 'Dinas Sosial',
      tahapan: 'Inisiatif',
      jenis: 'Non Digital',
      deleted: false,
      workshopId: null,
    });
    expect(await db.outbox.where('id').equals(id).count()).toBe(1);
    expect(await db.drafts.count()).toBe(0);
  });

  it('a save that fails on a full disk keeps every typed value and says storage.full', async () => {
    const onsaved = vi.fn();
    const { nama } = await openForm({ onsaved });
    await fillCore('LAPIS MANIS');
    const restore = failWrites(db.entries);
    try {
      await user.click(screen.getByRole('button', { name: 'Simpan' }));
      expect(await screen.findByText(/Penyimpanan perangkat penuh/)).toBeInTheDocument();
    } finally {
      restore();
    }
    expect(onsaved).not.toHaveBeenCalled();
    expect(nama).toHaveValue('LAPIS MANIS');
    expect(screen.getByLabelText(/OPD \/ unit pengisi/)).toHaveValue('Dinas Sosial');
    expect(await db.entries.count()).toBe(0);
    await waitFor(async () => expect((await db.drafts.toArray())[0]?.values.nama).toBe('LAPIS MANIS'));
    // Once space is back, the same press saves.
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
  });

  it('editing an entry goes through its own draft and writes only the changed fields', async () => {
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: {
        nama: 'SIDOTI',
        opd: 'DLH',
        tahapan: 'Inisiatif',
        jenis: 'Digital',
        bentuk: 'Inovasi Pelayanan Publik',
        urusanUtama: 'Lingkungan Hidup',
        waktuInisiasi: '2020-11-23',
      },
      photos: [],
    });
    const onsaved = vi.fn();
    await openForm({ entryId: id, onsaved });
    expect(screen.getByLabelText(/Waktu inisiasi/)).toHaveValue('23/11/2020');
    await user.selectOptions(screen.getByLabelText(/Tahapan inovasi/), 'Uji Coba');
    await flushAll();
    expect((await db.drafts.get(`edit:${id}`))?.values.tahapan).toBe('Uji Coba');
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(id));
    const changes = await db.outbox.where('id').equals(id).sortBy('seq');
    expect(Object.keys(changes.at(-1)!.fields)).toEqual(['tahapan']);
    expect(await db.drafts.count()).toBe(0);
  });
});

describe('entry form: photos', () => {
  function photoInput(): HTMLInputElement {
    return screen.getByLabelText('Pilih foto') as HTMLInputElement;
  }

  it('a picked photo is stored, listed, kept in the draft and attached on save', async () => {
    const onsaved = vi.fn();
    await openForm({ onsaved });
    await fillCore('Mal Pelayanan Publik');
    await user.upload(photoInput(), new File(['IMG-flipchart'], 'flipchart.jpg', { type: 'image/jpeg' }));
    expect(await screen.findByRole('button', { name: 'Hapus foto 1' })).toBeInTheDocument();
    expect(await db.blobs.count()).toBe(1);
    await waitFor(async () => expect((await db.drafts.toArray())[0]?.photos).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const atts = await db.attachments.toArray();
    expect(atts.map((a) => a.fields.entryId)).toEqual([onsaved.mock.calls[0]![0]]);
  });

  const refusals = [
    {
      what: 'a non-image file',
      msg: /bukan gambar/,
      file: () => new File(['%PDF'], 'laporan.pdf', { type: 'application/pdf' }),
    },
    {
      what: 'an unreadable image',
      msg: /tidak dapat dibaca/,
      file: () => new File(['rusak'], 'rusak.jpg', { type: 'image/jpeg' }),
    },
    {
      what: 'a 40 MB photo',
      msg: /terlalu besar/,
      file: () => {
        const f = new File(['IMG'], 'besar.jpg', { type: 'image/jpeg' });
        Object.defineProperty(f, 'size', { value: 40 * 1024 * 1024 });
        return f;
      },
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.what} with a clear message and keeps the text`, async () => {
      const { nama } = await openForm();
      await user.type(nama, 'JAGO SILO');
      await user.upload(photoInput(), r.file());
      expect(await screen.findByTestId('photo-error')).toHaveTextContent(r.msg);
      expect(nama).toHaveValue('JAGO SILO');
      expect(await db.blobs.count()).toBe(0);
      await flushAll();
      expect((await db.drafts.toArray())[0]?.values.nama).toBe('JAGO SILO');
    });
  }
});
