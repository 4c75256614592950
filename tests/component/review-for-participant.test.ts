/**
 * Issue 21: a participant sees the facilitator's review of their entry — its status on the row
 * in "Entri saya", and on the entry the status, the note, the score and who reviewed — and can
 * answer it (a comment, its own record, so it never conflicts with the review).
 */
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import EntriesScreen from '$src/app/screens/EntriesScreen.svelte';
import EntryFormScreen from '$src/app/screens/EntryFormScreen.svelte';
import { session } from '$src/app/state/session.svelte.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W = 'ws-rev';
let entryId = '';

beforeEach(async () => {
  await resetDb();
  await session.ready(true);
  await session.joined(
    {
      token: 'tok-p',
      role: 'participant',
      personId: 'p-ani',
      workshop: {
        table: 'workshops',
        id: W,
        fields: { nama: 'Lokakarya' },
        stamps: { nama: '000001700000000-00000-srv' },
        bases: { nama: null },
      },
    },
    'Ani',
    'Dinas Sosial',
  );
  entryId = await saveEntry(db, {
    entryId: null,
    draftId: null,
    values: {
      nama: 'Sigap Banjir',
      opd: 'Dinas Sosial',
      tahapan: 'Inisiatif',
      jenis: 'Digital',
      bentuk: 'Inovasi Pelayanan Publik',
      urusanUtama: 'Sosial',
    },
    photos: [],
    author: { authorId: 'p-ani', authorName: 'Ani', enteredBy: null, workshopId: W },
  });
  // The facilitator's review, as a pull brings it.
  await writeRecord(db, 'reviews', `${entryId}:fac-1`, {
    entryId,
    workshopId: W,
    status: 'perlu_dilengkapi',
    reason: '',
    tags: [],
    notes: 'Tambahkan foto kegiatan dan anggaran.',
    score: 60,
    reviewerId: 'fac-1',
    reviewerName: 'Bu Rina',
    createdAt: 1,
    deleted: false,
  });
});

describe("the facilitator's review, seen by the participant", () => {
  it('the row in "Entri saya" shows the review status', async () => {
    render(EntriesScreen);
    const link = await screen.findByRole('link', { name: 'Sigap Banjir' });
    const row = link.closest('li')!;
    await waitFor(() =>
      expect(within(row).getByTestId('entry-review')).toHaveTextContent('Perlu dilengkapi'),
    );
  });

  it('the entry shows status, note, score and reviewer, and the participant answers it', async () => {
    render(EntryFormScreen, { props: { entryId } });
    const box = await screen.findByTestId('entry-feedback');
    expect(within(box).getByText(/Perlu dilengkapi/)).toBeInTheDocument();
    expect(within(box).getByText('Tambahkan foto kegiatan dan anggaran.')).toBeInTheDocument();
    expect(within(box).getByText(/60/)).toBeInTheDocument();
    expect(within(box).getByText(/Bu Rina/)).toBeInTheDocument();

    const reply = within(box).getByLabelText('Balas ulasan');
    await fireEvent.input(reply, { target: { value: 'Sudah saya tambahkan fotonya.' } });
    await fireEvent.click(within(box).getByRole('button', { name: 'Kirim balasan' }));
    await waitFor(async () => expect(await db.comments.count()).toBe(1));
    const [c] = await db.comments.toArray();
    expect(c!.fields).toMatchObject({ entryId, authorId: 'p-ani', text: 'Sudah saya tambahkan fotonya.' });
    expect(await within(box).findByText('Sudah saya tambahkan fotonya.')).toBeInTheDocument();
  });
});
