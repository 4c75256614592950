// The facilitator's review of an entry shows "Siap diunggah ke IID" (or what is missing) and the
// score estimate with its formula, from the entry and its evidence records on the device; a new
// evidence file changes it live.
import { configure, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import FacilitatorScreen from '$src/app/screens/facilitator/FacilitatorScreen.svelte';
import { session } from '$src/app/state/session.svelte.ts';
import { levelField } from '$src/core/index.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W = 'ws-room';

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
        fields: { nama: 'Lokakarya Ruang 1', opdList: ['Dinas Sosial'] },
        stamps: { nama: '000001700000000-00000-srv', opdList: '000001700000000-00000-srv' },
        bases: { nama: null, opdList: null },
      },
    },
    'Bu Rina',
    '',
  );
  await writeRecord(db, 'entries', 'a', {
    nama: 'Sigap Banjir',
    opd: 'Dinas Sosial',
    tahapan: 'Inisiatif',
    workshopId: W,
    authorId: 'p-a',
    createdAt: 1,
    deleted: false,
    [levelField('regulasi')]: 3,
  });
});

it('the review shows the IID readiness and the estimate, live', async () => {
  render(FacilitatorScreen, { props: { view: 'review', entryId: 'a' } });
  const box = await screen.findByTestId('iid-readiness');
  expect(box).toHaveTextContent('Belum siap diunggah ke IID');
  expect(box).toHaveTextContent('Perkiraan skor indikator: 0 dari 111');
  await writeRecord(db, 'attachments', 'ev1', {
    entryId: 'a',
    evidenceFor: 'regulasi',
    sha256: 'a'.repeat(64),
    mime: 'application/pdf',
    size: 1000,
    authorId: 'p-a',
    createdAt: 2,
    deleted: false,
  });
  await waitFor(() => expect(box).toHaveTextContent('Perkiraan skor indikator: 9 dari 111'));
  expect(box).toHaveTextContent('3×3 = 9 dari 111');
  // The evidence file is no photo of the entry.
  expect(screen.queryByRole('img')).toBeNull();
});
