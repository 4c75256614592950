// Admin sign-in with a fake network: success stores the admin token where sync keeps its token
// (and the session, and clears the pull cursor); a wrong password or no network shows a
// translated message and stores nothing; sign-out forgets the token.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { getToken } from '$src/app/replica/sync-state.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import SignInView from '$src/app/screens/admin/SignInView.svelte';
import { adminApi, setAdminFetch } from '$src/app/state/admin/api.ts';
import { adminFlag } from '$src/app/state/admin/flag.svelte.ts';
import { getAdminSession, signOutAdmin } from '$src/app/sync/admin-session.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

function answer(status: number, body: unknown) {
  return vi.fn<FetchLike>(
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

async function signIn(user: string, pass: string) {
  await fireEvent.input(screen.getByLabelText('Nama pengguna'), { target: { value: user } });
  await fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: pass } });
  await fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
}

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
  adminFlag.set(false);
});
afterEach(() => setAdminFetch(null));

describe('admin sign-in', () => {
  it('stores the admin token and session, clears the pull cursor, and reports who signed in', async () => {
    await db.meta.put({ key: 'syncCursor', value: 42 });
    const fetch = answer(200, {
      token: 'tok-admin',
      expiresAt: Date.now() + 3600_000,
      deviceId: 'd',
      role: 'admin',
    });
    setAdminFetch(fetch);
    const onsignedin = vi.fn();
    render(SignInView, { onsignedin });
    await signIn(' kantor ', 'rahasia-sekali');

    await waitFor(() => expect(onsignedin).toHaveBeenCalledTimes(1));
    expect(await getToken(db)).toBe('tok-admin');
    expect((await getAdminSession(db))?.username).toBe('kantor');
    expect(await db.meta.get('syncCursor')).toBeUndefined();
    expect(adminFlag.on).toBe(true);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://lumbung.test/api/v1/admin/login');
    expect(JSON.parse(String(init?.body))).toMatchObject({ username: 'kantor', password: 'rahasia-sekali' });
  });

  it('a wrong password shows the Indonesian message and stores nothing', async () => {
    setAdminFetch(answer(401, { code: 'admin.bad_credentials', message: 'x', messageEn: 'x' }));
    const onsignedin = vi.fn();
    render(SignInView, { onsignedin });
    await signIn('kantor', 'salah');

    expect(await screen.findByRole('alert')).toHaveTextContent('Nama pengguna atau kata sandi salah');
    expect(onsignedin).not.toHaveBeenCalled();
    expect(await getToken(db)).toBeNull();
    expect(await getAdminSession(db)).toBeNull();
    expect(adminFlag.on).toBe(false);
  });

  it('offline: says that signing in needs the internet', async () => {
    setAdminFetch(vi.fn<FetchLike>(async () => Promise.reject(new TypeError('Failed to fetch'))));
    render(SignInView, { onsignedin: vi.fn() });
    await signIn('kantor', 'rahasia');
    expect(await screen.findByRole('alert')).toHaveTextContent('Butuh internet');
    expect(await getToken(db)).toBeNull();
  });

  it('empty fields are refused before any request', async () => {
    const fetch = answer(200, {});
    setAdminFetch(fetch);
    render(SignInView, { onsignedin: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Isi nama pengguna dan kata sandi');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sign-out forgets token and session even when the server cannot be reached', async () => {
    setAdminFetch(
      answer(200, { token: 'tok-admin', expiresAt: Date.now() + 3600_000, deviceId: 'd', role: 'admin' }),
    );
    render(SignInView, { onsignedin: vi.fn() });
    await signIn('kantor', 'rahasia');
    await waitFor(async () => expect(await getToken(db)).toBe('tok-admin'));
    setAdminFetch(vi.fn<FetchLike>(async () => Promise.reject(new TypeError('offline'))));
    await signOutAdmin(db, adminApi());
    expect(await getToken(db)).toBeNull();
    expect(await getAdminSession(db)).toBeNull();
    expect(adminFlag.on).toBe(false);
  });
});
