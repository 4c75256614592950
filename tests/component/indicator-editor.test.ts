/**
 * The indicator editor on a saved entry (issue 20 item 2): a level and a note are written into
 * the entry on the device (with their outbox changes), an evidence file is stored by hash with
 * its attachment record, the estimate shows its formula, and a file that is too big or of the
 * wrong type is refused with a translated message and stores nothing.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import IndicatorEditor from '$src/app/components/indicators/IndicatorEditor.svelte';
import EntryFormScreen from '$src/app/screens/EntryFormScreen.svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { i18n, tBuilt } from '$src/app/i18n/i18n.svelte.ts';
import indicatorStrings from '$src/app/i18n/indicators.ts';
import { setImageResizer } from '$src/app/photos/resize.ts';
import { flushAll } from '$src/app/state/flush.ts';
import { IID_UPLOADS, levelField, MAX_EVIDENCE_BYTES, noteField } from '$src/core/index.ts';
import { fakeResizer, resetDb } from '../unit/app/helpers.ts';
import { GOLDEN_FIELDS, panjang } from '../unit/server/golden/fixtures.ts';

configure({ asyncUtilTimeout: 10_000 });

const ENTRY = 'e-indikator';
const pdf = (name = 'sk.pdf', body = '%PDF-1.4\nSK Kepala Daerah\n%%EOF') =>
  new File([body], name, { type: 'application/pdf' });

async function upload(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await fireEvent.change(input);
}

async function openEditor(fields: Record<string, unknown> = {}) {
  await writeRecord(db, 'entries', ENTRY, {
    nama: 'Sikat Gigi',
    opd: 'Dinas Kesehatan',
    tahapan: 'Inisiatif',
    authorId: 'p1',
    ...fields,
  } as never);
  render(IndicatorEditor, { props: { entryId: ENTRY, authorId: async () => 'p1' } });
  return screen.findByTestId('indicator-regulasi');
}

const entryFields = async () => (await db.entries.get(ENTRY))?.fields ?? {};
const evidenceRows = async () => (await db.attachments.toArray()).filter((a) => a.fields.evidenceFor);

beforeEach(async () => {
  await resetDb();
  setImageResizer(fakeResizer);
  i18n.setLang('id');
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:bukti'), revokeObjectURL: vi.fn() }),
  );
});
afterEach(() => {
  setImageResizer(null);
  i18n.setLang('id');
});

describe('indicator editor', () => {
  it('writes the chosen level and the note into the entry, each with its outbox change', async () => {
    const box = await openEditor();
    const level = within(box).getByLabelText('Tingkat yang dipilih') as HTMLSelectElement;
    expect([...level.options].map((o) => o.text)).toEqual([
      '— Belum dipilih —',
      'Tingkat 1: SK Kepala Perangkat Daerah',
      'Tingkat 2: SK Kepala Daerah',
      'Tingkat 3: Perkada atau Perda',
    ]);
    await fireEvent.change(level, { target: { value: '2' } });
    await waitFor(async () => expect((await entryFields())[levelField('regulasi')]).toBe(2));
    const note = within(box).getByLabelText('Catatan');
    await fireEvent.input(note, { target: { value: 'SK Wali Kota no. 12/2024' } });
    await waitFor(async () =>
      expect((await entryFields())[noteField('regulasi')]).toBe('SK Wali Kota no. 12/2024'),
    );
    const outbox = await db.outbox.toArray();
    expect(outbox.some((o) => o.fields[levelField('regulasi')] === 2)).toBe(true);
    expect(outbox.some((o) => o.fields[noteField('regulasi')] === 'SK Wali Kota no. 12/2024')).toBe(true);
    // A level without evidence scores nothing yet.
    expect(screen.getByTestId('iid-estimate')).toHaveTextContent('Perkiraan skor indikator: 0 dari 111');
  });

  it('stores an evidence PDF by hash with its attachment record, lists it, and the estimate shows its formula', async () => {
    const box = await openEditor({ [levelField('regulasi')]: 2 });
    await upload(within(box).getByLabelText(/Lampirkan bukti/) as HTMLInputElement, pdf());
    expect(await within(box).findByRole('link', { name: 'sk.pdf' })).toHaveAttribute('href', 'blob:bukti');
    const [att] = await evidenceRows();
    expect(att?.fields).toMatchObject({
      entryId: ENTRY,
      evidenceFor: 'regulasi',
      mime: 'application/pdf',
      authorId: 'p1',
      caption: 'sk.pdf',
    });
    const blob = await db.blobs.get(String(att?.fields.sha256));
    expect(blob).toMatchObject({ mime: 'application/pdf', uploaded: 0 });
    await waitFor(() =>
      expect(screen.getByTestId('iid-estimate')).toHaveTextContent('Perkiraan skor indikator: 6 dari 111'),
    );
    expect(screen.getByTestId('iid-readiness')).toHaveTextContent('3×2 = 6 dari 111');
    // Removing it tombstones the record; the estimate falls back.
    await fireEvent.click(within(box).getByRole('button', { name: 'Hapus sk.pdf' }));
    await waitFor(() => expect(screen.getByTestId('iid-estimate')).toHaveTextContent(': 0 dari 111'));
  });

  it.each([
    [
      'a PDF over 5 MB',
      () => pdf('besar.pdf', '%PDF-' + 'x'.repeat(MAX_EVIDENCE_BYTES)),
      'Berkas terlalu besar (maksimal 5 MB)',
      'The file is too large (5 MB at most)',
    ],
    [
      'a Word document',
      () =>
        new File(['PK..'], 'sk.docx', {
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        }),
      'Pilih berkas PDF, JPG, atau PNG',
      'Choose a PDF, JPG or PNG file',
    ],
    [
      'a file that only calls itself a PDF',
      () => pdf('palsu.pdf', 'bukan pdf'),
      'tidak dapat dipakai sebagai bukti dukung',
      'cannot be used as evidence',
    ],
    [
      'a WebP picture',
      () => new File(['RIFF'], 'foto.webp', { type: 'image/webp' }),
      'Pilih berkas PDF, JPG, atau PNG',
      'Choose a PDF, JPG or PNG file',
    ],
  ])('refuses %s with a translated message and stores nothing', async (_what, file, id, en) => {
    const box = await openEditor();
    const input = within(box).getByLabelText(/Lampirkan bukti/) as HTMLInputElement;
    await upload(input, file());
    expect(await within(box).findByText(new RegExp(id.replace(/[()]/g, '\\$&')))).toBeInTheDocument();
    i18n.setLang('en');
    expect(await within(box).findByText(new RegExp(en.replace(/[()]/g, '\\$&')))).toBeInTheDocument();
    expect(await evidenceRows()).toEqual([]);
    expect(await db.blobs.count()).toBe(0);
  });

  it('a phone photo of 6 MB is accepted (resized like a photo); one over the photo limit is refused', async () => {
    setImageResizer(async (_file, maxSide) => ({
      blob: new NodeBlob(['IMG-kecil'], { type: 'image/jpeg' }) as unknown as Blob,
      width: maxSide,
      height: 1200,
    }));
    const box = await openEditor();
    const input = within(box).getByLabelText(/Lampirkan bukti/) as HTMLInputElement;
    await upload(input, new File(['IMG' + 'x'.repeat(6 * 1024 * 1024)], 'surat.jpg', { type: 'image/jpeg' }));
    await waitFor(async () => expect(await evidenceRows()).toHaveLength(1));
    expect((await evidenceRows())[0]?.fields).toMatchObject({ mime: 'image/jpeg', size: 9, width: 1600 });
    await upload(input, new File([new Uint8Array(31 * 1024 * 1024)], 'raksasa.jpg', { type: 'image/jpeg' }));
    expect(await within(box).findByText(/Foto terlalu besar \(maksimal 30 MB/)).toBeInTheDocument();
    expect(await evidenceRows()).toHaveLength(1);
  });

  it('a picture (JPEG) is accepted as evidence, resized like a photo', async () => {
    const box = await openEditor();
    await upload(
      within(box).getByLabelText(/Lampirkan bukti/) as HTMLInputElement,
      new File(['IMG-sk'], 'sk.jpg', { type: 'image/jpeg' }),
    );
    await waitFor(async () => expect(await evidenceRows()).toHaveLength(1));
    expect((await evidenceRows())[0]?.fields).toMatchObject({ evidenceFor: 'regulasi', mime: 'image/jpeg' });
  });

  it('says "Siap diunggah ke IID" once the profile, the five mandatory indicators and the uploads are there', async () => {
    const wajib = ['regulasi', 'sdm', 'kecepatan', 'kemanfaatan', 'kualitas'];
    await openEditor({
      ...GOLDEN_FIELDS,
      rancangBangun: panjang(320),
      authorId: 'p1',
      ...Object.fromEntries(wajib.map((k) => [levelField(k), 1])),
    });
    const readiness = screen.getByTestId('iid-readiness');
    await waitFor(() => expect(readiness).toHaveTextContent('Belum siap diunggah ke IID'));
    expect(readiness).toHaveTextContent(
      'Indikator wajib tanpa tingkat atau bukti: Regulasi Inovasi Daerah, Ketersediaan SDM terhadap inovasi daerah, Kecepatan penciptaan inovasi, Kemanfaatan inovasi.',
    );
    expect(readiness).toHaveTextContent(
      'Unggahan belum ada: Dokumen anggaran, Profil bisnis, HAKI, Penghargaan.',
    );
    for (const k of ['regulasi', 'sdm', 'kecepatan', 'kemanfaatan'])
      await upload(
        within(screen.getByTestId(`indicator-${k}`)).getByLabelText(/Lampirkan bukti/) as HTMLInputElement,
        pdf(`${k}.pdf`, `%PDF-${k}`),
      );
    for (const u of IID_UPLOADS)
      await upload(
        within(screen.getByTestId(`upload-${u}`)).getByLabelText(/Lampirkan bukti/) as HTMLInputElement,
        pdf(`${u}.pdf`, `%PDF-${u}`),
      );
    await waitFor(() => expect(readiness).toHaveTextContent(/^Siap diunggah ke IID/));
    expect(screen.getByTestId('iid-estimate')).toHaveTextContent('14 dari 111');
  });

  it('its strings (loaded with the form, not the first screen) exist in Indonesian and English', () => {
    expect(Object.keys(indicatorStrings.en).sort()).toEqual(Object.keys(indicatorStrings.id).sort());
  });

  it('a note that arrives from elsewhere shows unless the person is typing; flushAll writes a pending note at once', async () => {
    const box = await openEditor({ [noteField('sdm')]: 'dari perangkat lain' });
    const sdm = within(screen.getByTestId('indicator-sdm')).getByLabelText('Catatan') as HTMLTextAreaElement;
    expect(sdm.value).toBe('dari perangkat lain');
    await writeRecord(db, 'entries', ENTRY, { [noteField('sdm')]: 'ditarik dari server' });
    await waitFor(() => expect(sdm.value).toBe('ditarik dari server'));
    const note = within(box).getByLabelText('Catatan');
    await fireEvent.focus(note);
    await fireEvent.input(note, { target: { value: 'SK 12' } });
    await flushAll();
    expect((await entryFields())[noteField('regulasi')]).toBe('SK 12');
    // A conflict notice names the field by its words, not its key.
    expect(tBuilt(`label.${noteField('regulasi')}`)).toBe('Regulasi Inovasi Daerah: catatan');
  });

  it('on the entry form: a new entry says to save first; a saved one has the editor, outside the form', async () => {
    const view = render(EntryFormScreen, { props: {} });
    await screen.findByLabelText(/Nama inovasi/);
    expect(
      screen.getByText('Simpan entri ini dulu; setelah itu indikator dan bukti dukungnya dapat diisi.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('indicator-editor')).toBeNull();
    view.unmount();
    await writeRecord(db, 'entries', ENTRY, {
      nama: 'Sikat Gigi',
      opd: 'Dinas Kesehatan',
      tahapan: 'Inisiatif',
      authorId: 'p1',
    });
    render(EntryFormScreen, { props: { entryId: ENTRY } });
    const editor = await screen.findByTestId('indicator-editor');
    expect(editor.closest('form')).toBeNull();
    expect(await within(editor).findAllByRole('group')).toHaveLength(20 + IID_UPLOADS.length);
  });

  it("a participant is offered to remove only their own files; the facilitator anyone's", async () => {
    await writeRecord(db, 'entries', ENTRY, {
      nama: 'Sikat Gigi',
      opd: 'Dinas Kesehatan',
      tahapan: 'Inisiatif',
      authorId: 'p1',
    });
    const file = (id: string, authorId: string, caption: string) =>
      writeRecord(db, 'attachments', id, {
        entryId: ENTRY,
        evidenceFor: 'regulasi',
        sha256: id.padEnd(64, '0'),
        mime: 'application/pdf',
        size: 2048,
        caption,
        authorId,
        createdAt: 1,
        deleted: false,
      });
    await file('a1', 'p1', 'milik-peserta.pdf');
    await file('b2', 'fac-1', 'milik-fasilitator.pdf');
    const view = render(IndicatorEditor, { props: { entryId: ENTRY, authorId: async () => 'p1' } });
    const box = await screen.findByTestId('indicator-regulasi');
    expect(await within(box).findByRole('button', { name: 'Hapus milik-peserta.pdf' })).toBeInTheDocument();
    expect(within(box).getByText('milik-fasilitator.pdf')).toBeInTheDocument();
    expect(within(box).queryByRole('button', { name: 'Hapus milik-fasilitator.pdf' })).toBeNull();
    view.unmount();
    render(IndicatorEditor, { props: { entryId: ENTRY, authorId: async () => 'fac-1', mayRemoveAny: true } });
    const fac = await screen.findByTestId('indicator-regulasi');
    expect(await within(fac).findByRole('button', { name: 'Hapus milik-peserta.pdf' })).toBeInTheDocument();
    expect(within(fac).getByRole('button', { name: 'Hapus milik-fasilitator.pdf' })).toBeInTheDocument();
  });
});
