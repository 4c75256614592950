// Issue 25: focus and the document title follow the screen. After a navigation the new screen's
// heading has focus (not <body>, not the link); after a delete or "Urungkan" the list's heading;
// after the kiosk's "Mulai mengisi" the form's heading and after "Selesai, berikutnya" the
// kiosk's; after a failed admin sign-in the error, which the fields point to.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '$src/app/App.svelte';
import Toast from '$src/app/components/Toast.svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import EntriesScreen from '$src/app/screens/EntriesScreen.svelte';
import KioskScreen from '$src/app/screens/KioskScreen.svelte';
import SignInView from '$src/app/screens/admin/SignInView.svelte';
import FacilitatorScreen from '$src/app/screens/facilitator/FacilitatorScreen.svelte';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { setAdminFetch } from '$src/app/state/admin/api.ts';
import { session } from '$src/app/state/session.svelte.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
  localStorage.clear();
  i18n.setLang('id');
  await session.ready(true);
});
afterEach(() => setAdminFetch(null));

const heading = (name: string) => screen.findByRole('heading', { level: 1, name });

describe('focus follows the screen', () => {
  it('a navigation focuses the new heading and names the screen in the title; the page load does not move focus', async () => {
    history.replaceState(null, '', '/entries/new');
    render(App);
    const first = await heading('Entri baru');
    expect(document.activeElement).not.toBe(first);
    expect(document.title).toBe('Entri baru — Lumbung Inovasi');

    await fireEvent.click(screen.getByRole('link', { name: 'Entri saya' }));
    const list = await heading('Entri saya');
    await waitFor(() => expect(document.activeElement).toBe(list));
    expect(document.title).toBe('Entri saya — Lumbung Inovasi');

    await fireEvent.click(screen.getByRole('link', { name: 'Pengaturan' }));
    const settings = await heading('Pengaturan');
    await waitFor(() => expect(document.activeElement).toBe(settings));
    expect(document.title).toBe('Pengaturan — Lumbung Inovasi');
  });

  it('a delete and "Urungkan" focus the list heading, not <body>', async () => {
    await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: {
        nama: 'SIDOTI',
        opd: 'DLH',
        jenis: 'Digital',
        bentuk: 'Inovasi Pelayanan Publik',
        urusanUtama: 'Sosial',
      },
      photos: [],
      author: null,
    });
    render(EntriesScreen);
    render(Toast);
    const h1 = await heading('Entri saya');
    const del = await screen.findByRole('button', { name: 'Hapus SIDOTI' });
    del.focus();
    await fireEvent.click(del);
    await waitFor(() => expect(document.activeElement).toBe(h1));
    const undo = screen.getByRole('button', { name: 'Urungkan' });
    undo.focus();
    await fireEvent.click(undo);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Hapus SIDOTI' })).toBeInTheDocument());
    await waitFor(() => expect(document.activeElement).toBe(h1));
  });

  it('kiosk: "Mulai mengisi" focuses the form heading, "Selesai, berikutnya" the kiosk heading', async () => {
    await session.joined(
      {
        token: 'tok',
        role: 'facilitator',
        personId: 'fac',
        workshop: {
          table: 'workshops',
          id: 'ws',
          fields: { nama: 'L' },
          stamps: { nama: '000001700000000-00000-srv' },
          bases: { nama: null },
        },
      },
      'Bu Rina',
      '',
    );
    await session.startKiosk('2468');
    render(KioskScreen);
    await fireEvent.input(await screen.findByLabelText('Nama Anda'), { target: { value: 'Andi' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mulai mengisi' }));
    await heading('Entri baru');
    // The form is keyed by person and round, so compare by what the heading says.
    await waitFor(() => {
      expect(document.activeElement?.tagName).toBe('H1');
      expect(document.activeElement).toHaveTextContent('Entri baru');
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Selesai, berikutnya' }));
    await screen.findByRole('button', { name: 'Mulai mengisi' });
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Mode kios' })),
    );
  });

  it('saving a review focuses the first field to fix, then the "saved" message, never <body>', async () => {
    await session.joined(
      {
        token: 'tok',
        role: 'facilitator',
        personId: 'fac-1',
        workshop: {
          table: 'workshops',
          id: 'ws',
          fields: { nama: 'L' },
          stamps: { nama: '000001700000000-00000-srv' },
          bases: { nama: null },
        },
      },
      'Bu Rina',
      '',
    );
    await writeRecord(db, 'entries', 'a', {
      nama: 'Sigap Banjir',
      opd: 'DLH',
      workshopId: 'ws',
      deleted: false,
    });
    render(FacilitatorScreen, { props: { view: 'review', entryId: 'a' } });
    await fireEvent.change(await screen.findByLabelText('Status'), { target: { value: 'ditolak' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan ulasan' }));
    const reason = screen.getByLabelText(/Alasan/);
    await waitFor(() => expect(document.activeElement).toBe(reason));
    expect(reason.getAttribute('aria-describedby')).toBe('rv-error-reason');
    await fireEvent.input(reason, { target: { value: 'Rutinitas, bukan inovasi' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan ulasan' }));
    const saved = await screen.findByTestId('review-saved');
    await waitFor(() => expect(document.activeElement).toBe(saved.parentElement));
    expect(document.title).toBe('Ulasan Anda — Ruang fasilitator — Lumbung Inovasi');
  });

  it('a failed admin sign-in focuses the error, which both fields point to', async () => {
    setAdminFetch(
      vi.fn<FetchLike>(
        async () =>
          new Response(JSON.stringify({ code: 'admin.bad_credentials', message: 'x', messageEn: 'x' }), {
            status: 401,
            headers: { 'content-type': 'application/json' },
          }),
      ),
    );
    render(SignInView, { onsignedin: vi.fn() });
    await fireEvent.input(screen.getByLabelText('Nama pengguna'), { target: { value: 'kantor' } });
    await fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: 'salah' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
    const error = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(error));
    for (const label of ['Nama pengguna', 'Kata sandi']) {
      const field = screen.getByLabelText(label);
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field.getAttribute('aria-describedby')).toBe(error.id);
    }
  });
});
