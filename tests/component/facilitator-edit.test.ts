/**
 * Issue 21, bug 3: a facilitator edits an entry from the room's entry view ("Ubah entri"), and
 * after "Simpan" is back in that view, not on an empty "Entri saya".
 */
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '$src/app/App.svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { matchRoute } from '$src/app/state/router.svelte.ts';
import { session } from '$src/app/state/session.svelte.ts';
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

describe('the facilitator sees a conflict on the entry', () => {
  it("a participant's value that lost to the facilitator's shows in the room's entry view", async () => {
    const winner = (await db.entries.get('e-ani'))!.stamps.nama!;
    // The server's conflicts record, pulled by the facilitator's device.
    await writeRecord(db, 'conflicts', 'k-1', {
      table: 'entries',
      recordId: 'e-ani',
      field: 'nama',
      value: 'Sigap Banjir RW 05',
      stamp: '000000000000001-00000-p-ani',
      winnerStamp: winner,
      resolved: false,
      deleted: false,
    });
    history.replaceState(null, '', '/fasilitator/entri/e-ani');
    render(App);
    expect(await screen.findByText(/"Sigap Banjir RW 05"/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pulihkan' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Biarkan yang sekarang' }));
    await waitFor(async () => expect((await db.conflicts.get('k-1'))?.fields.resolved).toBe(true));
    expect((await db.entries.get('e-ani'))?.fields.nama).toBe('Sigap Banjir');
  });
});

describe("the room's list", () => {
  it('marks an entry with a conflict on its row', async () => {
    const winner = (await db.entries.get('e-ani'))!.stamps.nama!;
    await writeRecord(db, 'conflicts', 'k-2', {
      table: 'entries',
      recordId: 'e-ani',
      field: 'nama',
      value: 'Sigap Banjir RW 05',
      stamp: '000000000000001-00000-p-ani',
      winnerStamp: winner,
      resolved: false,
      deleted: false,
    });
    history.replaceState(null, '', '/fasilitator');
    render(App);
    const row = await screen.findByTestId('room-entry');
    expect(await within(row).findByTestId('room-conflict')).toBeInTheDocument();
  });
});
