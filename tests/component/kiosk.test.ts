// Kiosk mode on a facilitator's device: three people enter in a row; each entry has the right
// author (authorId, authorName) and enteredBy = the facilitator; the second person cannot see
// the first one's draft; leaving kiosk mode needs the facilitator's PIN, with a limit on tries.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import KioskScreen from '$src/app/screens/KioskScreen.svelte';
import EntryFormScreen from '$src/app/screens/EntryFormScreen.svelte';
import { session } from '$src/app/state/session.svelte.ts';
import { pwa } from '$src/app/pwa/register.svelte.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W = 'ws-kiosk';

async function joinAsFacilitator() {
  await session.joined(
    {
      token: 'tok-fac',
      role: 'facilitator',
      personId: 'fac-device',
      participantCode: 'PSRT2345',
      workshop: {
        table: 'workshops',
        id: W,
        fields: { nama: 'Lokakarya Kiosk', opdList: ['Dinas Sosial', 'Dinas Kesehatan'] },
        stamps: { nama: '000001700000000-00000-srv', opdList: '000001700000000-00000-srv' },
        bases: { nama: null, opdList: null },
      },
    },
    'Bu Rina (fasilitator)',
    '',
  );
  await session.startKiosk(PIN);
}

const PIN = '2468';

async function input(el: HTMLElement, value: string) {
  el.focus();
  await fireEvent.input(el, { target: { value } });
}
async function choose(el: HTMLElement, value: string) {
  el.focus();
  await fireEvent.change(el, { target: { value } });
}

async function begin(name: string, opd: string) {
  await input(await screen.findByLabelText('Nama Anda'), name);
  await choose(screen.getByLabelText('OPD Anda'), opd);
  await fireEvent.click(screen.getByRole('button', { name: 'Mulai mengisi' }));
  return (await screen.findByLabelText(/Nama inovasi/)) as HTMLInputElement;
}

async function fillAndSave(nama: string) {
  await input(screen.getByLabelText(/Nama inovasi/), nama);
  await choose(screen.getByLabelText(/Jenis inovasi/), 'Non Digital');
  await choose(screen.getByLabelText(/Bentuk inovasi/), 'Inovasi Pelayanan Publik');
  await choose(screen.getByLabelText(/Urusan utama/), 'Sosial');
  await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
  await screen.findByTestId('kiosk-saved');
}

async function fillAndSaveForm() {
  await choose(screen.getByLabelText(/Jenis inovasi/), 'Non Digital');
  await choose(screen.getByLabelText(/Bentuk inovasi/), 'Inovasi Pelayanan Publik');
  await choose(screen.getByLabelText(/Urusan utama/), 'Sosial');
  await choose(screen.getByLabelText(/OPD \/ unit pengisi/), 'Dinas Sosial');
  await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
}

async function next() {
  await fireEvent.click(screen.getByRole('button', { name: 'Selesai, berikutnya' }));
  await screen.findByRole('button', { name: 'Mulai mengisi' });
}

beforeEach(async () => {
  await resetDb();
  await session.ready(true);
  await joinAsFacilitator();
});

describe('kiosk mode', () => {
  it('three people in a row: each entry has its own author, typed by the facilitator', async () => {
    render(KioskScreen);

    // Person 1 saves one entry and leaves a half-typed second one.
    let nama = await begin('Andi', 'Dinas Sosial');
    expect(screen.getByLabelText(/OPD \/ unit pengisi/)).toHaveValue('Dinas Sosial');
    await fillAndSave('Sigap Banjir');
    nama = (await screen.findByLabelText(/Nama inovasi/)) as HTMLInputElement;
    await waitFor(() => expect(nama.value).toBe(''));
    await input(nama, 'Draf rahasia Andi');
    await next();
    const andiDrafts = await db.drafts.toArray();
    expect(andiDrafts.map((d) => d.values.nama)).toEqual(['Draf rahasia Andi']);

    // Person 2 sees an empty form, not Andi's draft.
    nama = await begin('Budi', 'Dinas Kesehatan');
    expect(nama.value).toBe('');
    expect(screen.queryByTestId('draft-restored')).toBeNull();
    expect(screen.getByLabelText(/OPD \/ unit pengisi/)).toHaveValue('Dinas Kesehatan');
    await fillAndSave('Posyandu Keliling');
    await next();

    // Person 3.
    await begin('Citra', 'Dinas Sosial');
    await fillAndSave('Rumah Singgah');
    await next();

    const entries = await db.entries.toArray();
    const byName = Object.fromEntries(entries.map((e) => [e.fields.nama, e.fields]));
    expect(Object.keys(byName).sort()).toEqual(['Posyandu Keliling', 'Rumah Singgah', 'Sigap Banjir']);
    for (const [nama, person, opd] of [
      ['Sigap Banjir', 'Andi', 'Dinas Sosial'],
      ['Posyandu Keliling', 'Budi', 'Dinas Kesehatan'],
      ['Rumah Singgah', 'Citra', 'Dinas Sosial'],
    ] as const) {
      expect(byName[nama]).toMatchObject({
        authorName: person,
        enteredBy: 'Bu Rina (fasilitator)',
        workshopId: W,
        opd,
      });
    }
    const authorIds = new Set(entries.map((e) => e.fields.authorId));
    expect(authorIds.size).toBe(3);
    expect(authorIds.has('fac-device')).toBe(false);
    // Andi's draft is tagged with Andi's id, which is Sigap Banjir's author.
    expect(andiDrafts[0]!.person).toBe(byName['Sigap Banjir']!.authorId);
    // Three people each fill the whole entry form: generous on a shared, slow machine.
  }, 120_000);

  it('leaving kiosk mode needs the facilitator PIN: "Ya, keluar" alone or a wrong PIN keeps the kiosk', async () => {
    const onexit = vi.fn();
    render(KioskScreen, { props: { onexit } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Keluar dari mode kios' }));
    const pin = await screen.findByLabelText('PIN fasilitator');
    expect(document.activeElement).toBe(pin);
    await fireEvent.click(screen.getByRole('button', { name: 'Batal' }));
    expect(session.kioskOn).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: 'Keluar dari mode kios' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Ya, keluar' }));
    expect(await screen.findByText(/PIN salah\. Sisa 4 percobaan/)).toBeInTheDocument();
    await input(screen.getByLabelText('PIN fasilitator'), '1357');
    await fireEvent.click(screen.getByRole('button', { name: 'Ya, keluar' }));
    expect(await screen.findByText(/PIN salah\. Sisa 3 percobaan/)).toBeInTheDocument();
    expect(screen.getByLabelText('PIN fasilitator')).toHaveAttribute('aria-invalid', 'true');
    expect(session.kioskOn).toBe(true);
    expect(onexit).not.toHaveBeenCalled();
    // The stored state keeps only a salted hash, never the PIN.
    expect(JSON.stringify(await db.meta.get('kiosk'))).not.toContain(PIN);

    await input(screen.getByLabelText('PIN fasilitator'), PIN);
    await fireEvent.click(screen.getByRole('button', { name: 'Ya, keluar' }));
    await waitFor(() => expect(onexit).toHaveBeenCalled());
    expect(session.kioskOn).toBe(false);
    expect(await db.meta.get('kiosk')).toBeUndefined();
  });

  it('five wrong PINs lock the exit, even for the right PIN, and a reload does not reset the count', async () => {
    const now = 1_800_000_000_000;
    for (let i = 0; i < 4; i++)
      expect(await session.stopKiosk('0000', now)).toMatchObject({ reason: 'wrong' });
    await session.ready(true);
    expect(await session.stopKiosk('0000', now)).toMatchObject({ reason: 'locked', until: now + 5 * 60_000 });
    expect(await session.stopKiosk(PIN, now + 60_000)).toMatchObject({ reason: 'locked' });
    expect(session.kioskOn).toBe(true);
    // After the lockout, the right PIN works (and a wrong one would lock again at once).
    expect(await session.stopKiosk(PIN, now + 5 * 60_000 + 1)).toEqual({ ok: true });
    expect(session.kioskOn).toBe(false);
  });

  it('a draft a participant left opens for the facilitator with its content and saves in their name', async () => {
    const kiosk = render(KioskScreen);
    const nama = await begin('Andi', 'Dinas Sosial');
    await input(nama, 'Draf yang ditinggal Andi');
    await next();
    kiosk.unmount();
    expect((await session.stopKiosk(PIN)).ok).toBe(true);
    const [draft] = await db.drafts.toArray();

    const onsaved = vi.fn();
    render(EntryFormScreen, { props: { draftId: draft!.id, onsaved } });
    await waitFor(() =>
      expect(screen.getByLabelText(/Nama inovasi/)).toHaveValue('Draf yang ditinggal Andi'),
    );
    await fillAndSaveForm();
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const [entry] = await db.entries.toArray();
    expect(entry!.fields).toMatchObject({
      nama: 'Draf yang ditinggal Andi',
      authorName: 'Andi',
      authorId: draft!.person,
      enteredBy: 'Bu Rina (fasilitator)',
    });
    expect(await db.drafts.count()).toBe(0);
  });

  it('an empty name is refused with the error linked to the field, which gets focus', async () => {
    render(KioskScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Mulai mengisi' }));
    const field = screen.getByLabelText('Nama Anda');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)).toHaveTextContent(/wajib/i);
    expect(session.kioskPerson).toBeNull();
  });

  it('a waiting new version is applied between two people, not while one types', async () => {
    const update = vi.spyOn(pwa, 'update').mockResolvedValue();
    const waiting = vi.spyOn(pwa, 'needRefresh', 'get').mockReturnValue(false);
    try {
      render(KioskScreen);
      await begin('Andi', 'Dinas Sosial');
      waiting.mockReturnValue(true);
      // Andi types: a re-render reads needRefresh again, and still nothing is applied.
      await input(screen.getByLabelText(/Nama inovasi/), 'Sedang diketik');
      expect(update).not.toHaveBeenCalled();
      await next();
      await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    } finally {
      update.mockRestore();
      waiting.mockRestore();
    }
  });

  it("a new person never starts with the previous person's draft title on screen", async () => {
    render(KioskScreen);
    const nama = await begin('Andi', 'Dinas Sosial');
    await input(nama, 'Draf rahasia Andi');
    await next();
    const second = await begin('Budi', 'Dinas Kesehatan');
    expect(second.value).toBe('');
    expect(document.body.textContent).not.toContain('Draf rahasia Andi');
  });
});
