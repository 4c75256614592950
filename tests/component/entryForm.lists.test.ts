/**
 * The entry form offers the lists this device last learned (db/lists.ts, from a join or a sync):
 * OPD suggestions from the Pemda's list, tematik and KIPP kategori from the entry's reporting
 * year; the built-in lists before it learned any. An entry whose value the admin has since
 * removed keeps it: chosen, visible and marked, and a save of another field leaves it as it is.
 */
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { KIPP_KATEGORI, OPD_KOTA_BLITAR, TEMATIK } from '$src/core/picklists.ts';
import { jakartaYear } from '$src/core/text.ts';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { savePickLists } from '$src/app/db/lists.ts';
import EntryFormScreen from '$src/app/screens/EntryFormScreen.svelte';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
});

const YEAR = jakartaYear();

function optionsOf(label: RegExp): string[] {
  const select = screen.getByLabelText(label) as HTMLSelectElement;
  return [...select.options].map((o) => o.value).filter((v) => v !== '');
}

function opdSuggestions(): string[] {
  const input = screen.getByLabelText(/OPD \/ unit pengisi/) as HTMLInputElement;
  const list = document.getElementById(input.getAttribute('list') ?? '');
  return [...(list?.querySelectorAll('option') ?? [])].map((o) => o.value);
}

async function openForm(props: { entryId?: string | null; onsaved?: (id: string) => void } = {}) {
  render(EntryFormScreen, { props });
  await screen.findByLabelText(/Nama inovasi/);
}

describe('entry form: the lists it offers', () => {
  it('before the device learned any lists: the built-in ones', async () => {
    await openForm();
    expect(optionsOf(/^Tematik/)).toEqual([...TEMATIK]);
    expect(optionsOf(/Kategori KIPP/)).toEqual([...KIPP_KATEGORI]);
    expect(opdSuggestions()).toEqual([...OPD_KOTA_BLITAR]);
  });

  it("the Pemda's OPD list and this year's lists, as last learned", async () => {
    await savePickLists(
      db,
      {
        opdList: ['Bapperinda', 'UPT Pengelolaan Sampah'],
        yearly: [
          { kind: 'tematik', year: YEAR, items: ['Smart City', 'Non Tematik'], updatedAt: 1 },
          { kind: 'tematik', year: YEAR - 1, items: ['Tahun Lalu'], updatedAt: 1 },
        ],
      },
      '"etag"',
    );
    await openForm();
    await waitFor(() => expect(optionsOf(/^Tematik/)).toEqual(['Smart City', 'Non Tematik']));
    // A kind the admin did not edit this year keeps the built-in list.
    expect(optionsOf(/Kategori KIPP/)).toEqual([...KIPP_KATEGORI]);
    expect(opdSuggestions()).toEqual(['Bapperinda', 'UPT Pengelolaan Sampah']);
    // A suggestion list, not a lock: any OPD may be typed.
    const opd = screen.getByLabelText(/OPD \/ unit pengisi/);
    await fireEvent.input(opd, { target: { value: 'Kelurahan Sentul' } });
    expect(opd).toHaveValue('Kelurahan Sentul');
  });

  it('an entry keeps a value the admin removed from the list: shown, marked, and saved unchanged', async () => {
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
        tematik: 'Penanggulangan Kemiskinan',
        kippKategori: 'Kesehatan',
      },
      photos: [],
    });
    await savePickLists(
      db,
      {
        opdList: null,
        yearly: [
          { kind: 'tematik', year: YEAR, items: ['Smart City'], updatedAt: 1 },
          { kind: 'kippKategori', year: YEAR, items: ['Pendidikan'], updatedAt: 1 },
        ],
      },
      null,
    );
    const onsaved = vi.fn();
    await openForm({ entryId: id, onsaved });
    const tematik = screen.getByLabelText(/^Tematik/) as HTMLSelectElement;
    await waitFor(() => expect(optionsOf(/^Tematik/)).toEqual(['Smart City', 'Penanggulangan Kemiskinan']));
    expect(tematik.value).toBe('Penanggulangan Kemiskinan');
    expect(within(tematik).getByRole('option', { selected: true }).textContent).toBe(
      'Penanggulangan Kemiskinan (tidak ada lagi di daftar tahun ini)',
    );
    expect((screen.getByLabelText(/Kategori KIPP/) as HTMLSelectElement).value).toBe('Kesehatan');

    const nama = screen.getByLabelText(/Nama inovasi/);
    await fireEvent.input(nama, { target: { value: 'SIDOTI 2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(id));
    const stored = await db.entries.get(id);
    expect(stored?.fields).toMatchObject({
      nama: 'SIDOTI 2',
      tematik: 'Penanggulangan Kemiskinan',
      kippKategori: 'Kesehatan',
    });
  });
});
