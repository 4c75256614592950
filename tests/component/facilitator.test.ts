// The facilitator's screens over the device's own IndexedDB (no network anywhere): the room
// grouped by OPD with counts and filters, a review saved under its deterministic id ('ditolak'
// needs a reason), a duplicate marked and restored, the progress table, the join code with QR.
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import FacilitatorScreen from '$src/app/screens/facilitator/FacilitatorScreen.svelte';
import { session } from '$src/app/state/session.svelte.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W = 'ws-room';

async function entry(id: string, nama: string, opd: string, tahapan = 'Inisiatif') {
  await writeRecord(db, 'entries', id, {
    nama,
    opd,
    tahapan,
    workshopId: W,
    authorId: `p-${id}`,
    authorName: `Peserta ${id}`,
    createdAt: 1,
    deleted: false,
  });
}

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
  await entry('a', 'Sigap Banjir', 'Dinas Sosial');
  await entry('b', 'Sigap Banjir (lagi)', 'Dinas Sosial');
  await entry('c', 'Posyandu Digital', 'Dinas Kesehatan', 'Uji Coba');
  // a and c reached the office (as if synced); b still waits in the outbox.
  await db.outbox.where('id').anyOf(['a', 'c']).delete();
});

const counts = () =>
  screen
    .getAllByTestId('opd-group')
    .map((g) => [g.dataset.opd, within(g).getByTestId('opd-count').textContent]);

describe('facilitator screens', () => {
  it('room: grouped by OPD with counts; filters by OPD and not-yet-sent; search', async () => {
    render(FacilitatorScreen, { props: { view: 'room' } });
    await waitFor(() => expect(screen.getAllByTestId('room-entry')).toHaveLength(3));
    expect(counts()).toEqual([
      ['Dinas Kesehatan', '(1)'],
      ['Dinas Sosial', '(2)'],
    ]);
    await fireEvent.change(screen.getByLabelText('OPD'), { target: { value: 'Dinas Kesehatan' } });
    await waitFor(() => expect(screen.getAllByTestId('room-entry').map((e) => e.dataset.id)).toEqual(['c']));
    await fireEvent.change(screen.getByLabelText('OPD'), { target: { value: '' } });
    await fireEvent.click(screen.getByLabelText(/belum sampai di kantor pusat/));
    await waitFor(() => expect(screen.getAllByTestId('room-entry').map((e) => e.dataset.id)).toEqual(['b']));
    await fireEvent.click(screen.getByLabelText(/belum sampai di kantor pusat/));
    await fireEvent.input(screen.getByLabelText(/^Cari/), { target: { value: 'posyandu' } });
    await waitFor(() => expect(screen.getAllByTestId('room-entry').map((e) => e.dataset.id)).toEqual(['c']));
  });

  it("review: 'ditolak' needs a reason; saved as reviews record a:fac-1; the room shows its status", async () => {
    const view = render(FacilitatorScreen, { props: { view: 'review', entryId: 'a' } });
    expect(await screen.findByTestId('review-title')).toHaveTextContent('Sigap Banjir');
    await fireEvent.change(await screen.findByLabelText('Status'), { target: { value: 'ditolak' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan ulasan' }));
    expect(await screen.findByTestId('rv-error-reason')).toHaveTextContent('Wajib diisi.');
    expect(await db.reviews.count()).toBe(0);
    await fireEvent.input(screen.getByLabelText(/Alasan/), { target: { value: 'Rutinitas, bukan inovasi' } });
    await fireEvent.input(screen.getByLabelText('Label'), { target: { value: 'rutin, administrasi' } });
    await fireEvent.input(screen.getByLabelText(/Nilai/), { target: { value: '20' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan ulasan' }));
    await screen.findByTestId('review-saved');
    expect((await db.reviews.get('a:fac-1'))?.fields).toMatchObject({
      entryId: 'a',
      status: 'ditolak',
      reason: 'Rutinitas, bukan inovasi',
      tags: ['rutin', 'administrasi'],
      score: 20,
      reviewerId: 'fac-1',
      reviewerName: 'Bu Rina',
      workshopId: W,
    });
    view.unmount();
    render(FacilitatorScreen, { props: { view: 'room' } });
    await fireEvent.change(await screen.findByLabelText('Status ulasan'), { target: { value: 'ditolak' } });
    await waitFor(() => expect(screen.getAllByTestId('room-entry').map((e) => e.dataset.id)).toEqual(['a']));
  });

  it('duplicates: B marked as a duplicate of A stays, shown "digabung ke"; Pulihkan restores it', async () => {
    render(FacilitatorScreen, { props: { view: 'review', entryId: 'b' } });
    await fireEvent.change(await screen.findByLabelText('Entri ini duplikat dari'), {
      target: { value: 'a' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Tandai sebagai duplikat' }));
    expect(await screen.findByTestId('merged-notice')).toHaveTextContent('Digabung ke “Sigap Banjir”');
    expect((await db.entries.get('b'))?.fields.mergedInto).toBe('a');
    await fireEvent.click(screen.getByRole('button', { name: 'Pulihkan' }));
    await waitFor(() => expect(screen.queryByTestId('merged-notice')).toBeNull());
    expect((await db.entries.get('b'))?.fields.mergedInto).toBeNull();
    expect(await db.entries.count()).toBe(3);
  });

  it('progress: entries, reviewed and not yet at the office per OPD', async () => {
    await writeRecord(db, 'reviews', 'c:fac-1', { entryId: 'c', status: 'siap_diteruskan', deleted: false });
    render(FacilitatorScreen, { props: { view: 'progress' } });
    const table = await screen.findByTestId('progress');
    const rows = () =>
      within(table)
        .getAllByTestId('progress-row')
        .map((r) => [...r.children].map((c) => c.textContent?.trim()));
    await waitFor(() =>
      expect(rows()).toEqual([
        ['Dinas Kesehatan', '1', '1', '0'],
        ['Dinas Sosial', '2', '0', '1'],
      ]),
    );
    expect([...screen.getByTestId('progress-total').children].map((c) => c.textContent?.trim())).toEqual([
      'Jumlah',
      '3',
      '1',
      '1',
    ]);
  });

  it('join code: shown as text, link and a QR code made on the device', async () => {
    render(FacilitatorScreen, { props: { view: 'code' } });
    expect(await screen.findByTestId('join-code')).toHaveTextContent('PSRT2345');
    expect(screen.getByTestId('join-link').getAttribute('href')).toMatch(/\/join\/PSRT2345$/);
    const qr = await screen.findByTestId('join-qr');
    expect(qr.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
  });
});
