/**
 * Issue 21, bug 3: a facilitator edits an entry from the room's entry view ("Ubah entri"), and
 * after "Simpan" is back in that view, not on an empty "Entri saya".
 */
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../src/app/App.svelte';
import { db } from '../../src/app/db/db.ts';
import { writeRecord } from '../../src/app/db/records.ts';
import { matchRoute } from '../../src/app/state/router.svelte.ts';
import { session } from '../../src/app/state/session.svelte.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W = 'ws-edit';

beforeEach(async () => {
  await resetDb();
  await session.ready(true);
  await session.joined(
    {
      token: 'tok-fac',
      role: 'facilitator',
      personId: 'fac-1',
      participantCode: 'PSRT2345',
      workshop: {
        table: 'workshops',
        id: W,
        fields: { nama: 'Lokakarya Ruang 1' },
        stamps: { nama: '000001700000000-00000-srv' },
        bases: { nama: null },
      },
    },
    'Bu Rina',
    '',
  );
  await writeRecord(db, 'entries', 'e-ani', {
    nama: 'Sigap Banjir',
    opd: 'Dinas Sosial',
    tahapan: 'Inisiatif',
    jenis: 'Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    urusanUtama: 'Sosial',
    workshopId: W,
    authorId: 'p-ani',
    authorName: 'Ani',
    createdAt: 1,
    deleted: false,
  });
});

describe("a facilitator edits a participant's entry", () => {
  it('the edit route remembers to go back to the room (and only there)', () => {
    expect(matchRoute('/entries/e-ani', '?dari=fasilitator')).toEqual({
      name: 'edit',
      id: 'e-ani',
      back: '/fasilitator/entri/e-ani',
    });
    expect(matchRoute('/entries/e-ani')).toEqual({ name: 'edit', id: 'e-ani', back: '/entries' });
    expect(matchRoute('/entries/e-ani', '?dari=https://evil.example')).toEqual({
      name: 'edit',
      id: 'e-ani',
      back: '/entries',
    });
  });

  it('"Ubah entri" in the room opens the form; "Simpan" returns to the entry in the room', async () => {
    history.replaceState(null, '', '/fasilitator/entri/e-ani');
    render(App);
    expect(await screen.findByTestId('review-title')).toHaveTextContent('Sigap Banjir');

    await fireEvent.click(screen.getByRole('link', { name: 'Ubah entri' }));
    const nama = (await screen.findByLabelText(/Nama inovasi/)) as HTMLInputElement;
    await waitFor(() => expect(nama).toHaveValue('Sigap Banjir'));
    nama.focus();
    await fireEvent.input(nama, { target: { value: 'Sigap Banjir Kelurahan' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));

    await waitFor(() => expect(location.pathname).toBe('/fasilitator/entri/e-ani'));
    expect(await screen.findByTestId('review-title')).toHaveTextContent('Sigap Banjir Kelurahan');
    expect((await db.entries.get('e-ani'))?.fields.nama).toBe('Sigap Banjir Kelurahan');
  });
});
