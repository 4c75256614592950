// "Gabung lokakarya" with a fake network: a join stores token, role, workshop and person; entries
// made afterwards carry the workshop and the person; offline, an unknown code or a closed
// workshop show a translated message and store nothing.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { getToken, setToken } from '$src/app/replica/sync-state.ts';
import { getSession } from '$src/app/db/workshop.ts';
import JoinScreen from '$src/app/screens/JoinScreen.svelte';
import { session } from '$src/app/state/session.svelte.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const WORKSHOP = {
  table: 'workshops',
  id: 'ws-blitar',
  fields: { nama: 'Lokakarya Inovasi Blitar', opdList: ['Dinas Sosial', 'Dinas Kesehatan'], closed: false },
  stamps: {
    nama: '000001700000000-00000-srv',
    opdList: '000001700000000-00000-srv',
    closed: '000001700000000-00000-srv',
  },
  bases: { nama: null, opdList: null, closed: null },
};

function answer(status: number, body: unknown): FetchLike {
  return vi.fn(
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

async function typeInto(label: RegExp, value: string) {
  const el = screen.getByLabelText(label);
  await fireEvent.input(el, { target: { value } });
}

async function nothingStored() {
  expect(await getToken(db)).toBeNull();
  expect(await getSession(db)).toBeNull();
  expect(await db.workshops.count()).toBe(0);
}

beforeEach(async () => {
  await resetDb();
  await session.ready(true);
});

describe('join screen', () => {
  it('joins with a code from the link, asks the OPD from the workshop list, stores everything', async () => {
    const fetch = answer(200, {
      token: 'tok-participant',
      deviceId: 'dev',
      role: 'participant',
      personId: 'person-1',
      workshop: WORKSHOP,
      now: Date.now(),
    });
    const requestSync = vi.fn();
    const onjoined = vi.fn();
    // The device registered earlier (sync): the join proves it holds that id's token.
    await setToken(db, 'old-device-token');
    render(JoinScreen, { props: { code: 'PESERTA1', fetch, requestSync, onjoined } });
    expect(screen.getByLabelText(/Kode lokakarya/)).toHaveValue('PESERTA1');
    await typeInto(/Nama Anda/, 'Siti Aminah');
    await fireEvent.click(screen.getByRole('button', { name: 'Gabung' }));

    const opd = await screen.findByLabelText(/OPD Anda/);
    expect([...(opd as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      '',
      'Dinas Sosial',
      'Dinas Kesehatan',
    ]);
    // Nothing is stored before the OPD is confirmed.
    expect(await getToken(db)).toBe('old-device-token');
    expect(await getSession(db)).toBeNull();
    const init = (fetch as ReturnType<typeof vi.fn>).mock.calls[0]![1] as RequestInit;
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer old-device-token');
    const sent = JSON.parse(String((fetch as ReturnType<typeof vi.fn>).mock.calls[0]![1].body));
    expect(sent).toMatchObject({ code: 'PESERTA1', name: 'Siti Aminah' });
    expect((fetch as ReturnType<typeof vi.fn>).mock.calls[0]![0]).toMatch(/\/api\/v1\/join$/);

    await fireEvent.click(screen.getByRole('button', { name: 'Simpan dan mulai' }));
    expect(await screen.findByText('Wajib diisi.')).toBeInTheDocument();
    await fireEvent.change(opd, { target: { value: 'Dinas Kesehatan' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan dan mulai' }));

    await screen.findByTestId('join-done');
    expect(await getToken(db)).toBe('tok-participant');
    expect(await getSession(db)).toMatchObject({
      role: 'participant',
      workshopId: 'ws-blitar',
      personId: 'person-1',
      name: 'Siti Aminah',
      opd: 'Dinas Kesehatan',
    });
    expect((await db.workshops.get('ws-blitar'))?.fields.nama).toBe('Lokakarya Inovasi Blitar');
    expect(requestSync).toHaveBeenCalledTimes(1);
    expect(onjoined).toHaveBeenCalledWith('participant');

    // Entries made afterwards carry the workshop and the person.
    const identity = session.identity();
    expect(identity?.opd).toBe('Dinas Kesehatan');
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { nama: 'Posyandu Digital', opd: 'Dinas Kesehatan' },
      photos: [],
      author: identity!.author,
    });
    expect((await db.entries.get(id))?.fields).toMatchObject({
      workshopId: 'ws-blitar',
      authorId: 'person-1',
      authorName: 'Siti Aminah',
      enteredBy: null,
    });
  });

  it('offline: says the internet is needed once, and stores nothing', async () => {
    const fetch: FetchLike = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    render(JoinScreen, { props: { code: 'PESERTA1', fetch, requestSync: vi.fn() } });
    await typeInto(/Nama Anda/, 'Siti');
    await fireEvent.click(screen.getByRole('button', { name: 'Gabung' }));
    const msg = await screen.findByTestId('join-error');
    expect(msg.textContent).toMatch(/^Perlu internet sekali untuk bergabung/);
    await nothingStored();
  });

  it('an unknown code shows the Indonesian message; a closed workshop and rate limit too; nothing stored', async () => {
    const err = (code: string, status: number) =>
      answer(status, { code, message: 'server text', messageEn: 'server text en' });
    const cases: [FetchLike, RegExp][] = [
      [err('join.invalid_code', 404), /^Kode tidak dikenal\. Periksa kode dari fasilitator/],
      [err('join.workshop_closed', 403), /^Lokakarya ini sudah ditutup/],
      [err('api.rate_limited', 429), /^Terlalu banyak percobaan/],
    ];
    for (const [fetch, text] of cases) {
      const view = render(JoinScreen, { props: { code: 'SALAH', fetch, requestSync: vi.fn() } });
      await typeInto(/Nama Anda/, 'Siti');
      await fireEvent.click(screen.getByRole('button', { name: 'Gabung' }));
      await waitFor(() => expect(screen.getByTestId('join-error').textContent).toMatch(text));
      await nothingStored();
      view.unmount();
    }
  });

  it('an empty name is refused before any request', async () => {
    const fetch = answer(200, {});
    render(JoinScreen, { props: { code: 'X', fetch, requestSync: vi.fn() } });
    await fireEvent.click(screen.getByRole('button', { name: 'Gabung' }));
    expect(await screen.findByText('Wajib diisi.')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});
