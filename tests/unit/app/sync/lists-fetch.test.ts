/**
 * The device's copy of the lists (db/lists.ts, sync/lists-fetch.ts) against the real Hono app on
 * SQLite: fetched with the device's token and stored; asked again with its ETag (a 304 keeps the
 * copy); a new list replaces it; the server unreachable or answering nonsense keeps the last
 * copy, so the form offers it offline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPickLists } from '$src/app/db/lists.ts';
import { setToken } from '$src/app/replica/sync-state.ts';
import { refreshPickLists } from '$src/app/sync/lists-fetch.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import type { App } from '$src/server/app.ts';
import { adminDevice } from '../../server/helpers/roles.ts';
import { openStore, type Opened } from '../../server/helpers/stores.ts';
import { testApp } from '../../server/helpers/app.ts';
import { useFreshDb } from '../helpers.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

describe('the last-known lists on the device', () => {
  const getDb = useFreshDb();
  let opened: Opened;
  let app: App;
  let admin: { token: string };
  const seen: (string | null)[] = [];
  const viaApp: FetchLike = async (input, init) => {
    seen.push(new Headers(init?.headers).get('if-none-match'));
    return app.request(new URL(input).pathname, init);
  };
  const put = (kind: string, year: number, items: string[]) =>
    app.request(`/api/v1/admin/pick-lists/${kind}/${year}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ items }),
    });

  beforeEach(async () => {
    seen.length = 0;
    opened = await openStore('sqlite');
    app = testApp(opened, () => T0);
    admin = await adminDevice(opened.store, T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('fetches, asks again with its ETag, replaces on change, keeps the copy on failure', async () => {
    const db = getDb();
    const deps = { db, baseUrl: 'http://lumbung.test', fetch: viaApp };
    // No token yet: nothing asked, nothing stored.
    expect(await refreshPickLists(deps)).toBe('kept');
    expect(seen).toEqual([]);
    await setToken(db, admin.token);

    expect((await put('tematik', 2026, ['Smart City'])).status).toBe(200);
    expect(await refreshPickLists(deps)).toBe('saved');
    const first = await getPickLists(db);
    expect(first?.lists.yearly.map((y) => [y.kind, y.year, y.items])).toEqual([
      ['tematik', 2026, ['Smart City']],
    ]);
    expect(first?.etag).toMatch(/^".+"$/);

    expect(await refreshPickLists(deps)).toBe('same');
    expect(seen.at(-1)).toBe(first?.etag);

    expect((await put('tematik', 2026, ['Smart City', 'Desa Digital'])).status).toBe(200);
    expect(await refreshPickLists(deps)).toBe('saved');
    expect((await getPickLists(db))?.lists.yearly[0]?.items).toEqual(['Smart City', 'Desa Digital']);

    const copy = await getPickLists(db);
    const offline: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await refreshPickLists({ ...deps, fetch: offline })).toBe('kept');
    const nonsense: FetchLike = () => Promise.resolve(new Response('{"opdList":5}', { status: 200 }));
    expect(await refreshPickLists({ ...deps, fetch: nonsense })).toBe('kept');
    const broken: FetchLike = () => Promise.resolve(new Response('', { status: 503 }));
    expect(await refreshPickLists({ ...deps, fetch: broken })).toBe('kept');
    expect(await getPickLists(db)).toEqual(copy);
  });
});
