/**
 * Issue 19, finding 1: the admin sign-in limit against parallel requests, on SQLite and
 * PostgreSQL. Before the change the block check ran before the ~100 ms scrypt check and the
 * failure was counted after it, so every request of a burst was tried (40 × 401, no 429; the
 * right password hidden in a burst got 200) and the burst locked the real admin out everywhere.
 * Now every attempt is counted when it arrives, few checks run at once, and the browser the
 * admin signed in from before (its device secret) is counted on its own.
 * Every request here comes from the same address ('local': app.request has no socket), which is
 * the hardest case: the attacker shares the admin's office NAT.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomToken } from '$src/core/index.ts';
import { createAdminAccount } from '$src/server/admin/accounts.ts';
import { PARAMS } from '$src/server/admin/password.ts';
import type { App } from '$src/server/app.ts';
import { ADMIN } from '../helpers/admin.ts';
import { post } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);

describe.each(await storeKinds())('admin sign-in limit on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  /** The admin's own browser: it signed in once, before the attack. */
  const browser = { deviceId: 'admin-laptop', deviceSecret: randomToken() };

  const signIn = (password: string, deviceId = `x-${randomToken(6)}`, extra: object = {}) =>
    post(app, '/api/v1/admin/login', null, { username: ADMIN.username, password, deviceId, ...extra });

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now);
    await createAdminAccount(opened.store, ADMIN.username, ADMIN.password, now);
    expect((await signIn(ADMIN.password, browser.deviceId, browser)).status).toBe(200);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  async function burst(
    n: number,
    rightAt: number | null,
  ): Promise<{ statuses: number[]; right: number | null }> {
    const all = await Promise.all(
      Array.from({ length: n }, (_, i) => signIn(i === rightAt ? ADMIN.password : `salah-${i}-xxxxxx`)),
    );
    const statuses = all.map((r) => r.status);
    return { statuses, right: rightAt === null ? null : statuses[rightAt]! };
  }
  const count = (xs: number[], s: number) => xs.filter((x) => x === s).length;

  it('a burst of 40 (the right password at #30): no success, at most 5 checked, the rest 429', async () => {
    const { statuses, right } = await burst(40, 30);
    expect(count(statuses, 200)).toBe(0);
    expect(right).toBe(429);
    expect(count(statuses, 401)).toBeLessThanOrEqual(5);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(35);
    expect(count(statuses, 401) + count(statuses, 429)).toBe(40);
    // The real admin, from the browser it signed in from before, still gets in.
    expect((await signIn(ADMIN.password, browser.deviceId, browser)).status).toBe(200);
  });

  it('a burst of 100 after the limit is hit: every one 429, the right password too; the known browser signs in', async () => {
    await burst(40, null);
    const { statuses, right } = await burst(100, 57);
    expect(right).toBe(429);
    expect(count(statuses, 429)).toBe(100);
    // From an unknown browser the right password waits for the window like everyone else…
    expect((await signIn(ADMIN.password)).status).toBe(429);
    // …and the browser that claims the admin's id without its secret is not the admin's browser.
    expect((await signIn(ADMIN.password, browser.deviceId)).status).toBe(429);
    const known = await signIn(ADMIN.password, browser.deviceId, browser);
    expect(known.status).toBe(200);
    now += 15 * 60_000;
    expect((await signIn(ADMIN.password)).status).toBe(200);
  });

  it('the known browser has its own limit: guessing from it is counted too', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn(`salah-${i}-xxxxxx`, browser.deviceId, browser)).status).toBe(401);
    expect((await signIn(ADMIN.password, browser.deviceId, browser)).status).toBe(429);
  });

  it('a good sign-in takes its attempt back: an admin never uses up the quota by signing in', async () => {
    for (let i = 0; i < 7; i++) expect((await signIn(ADMIN.password)).status).toBe(200);
  });

  it('a hash of a cheaper cost is stored again at N = 2^17 on the next good sign-in', async () => {
    expect(PARAMS.N).toBeGreaterThanOrEqual(2 ** 17);
    const stored = (await opened.store.adminByUsername(ADMIN.username))!;
    expect(stored.passwordHash.split('$')[1]).toBe(String(PARAMS.N));
    const { hashPassword } = await import('$src/server/admin/password.ts');
    await opened.store.setAdminPasswordHash(
      stored.id,
      await hashPassword(ADMIN.password, { N: 2 ** 14, r: 8, p: 1 }),
    );
    expect((await signIn('salah-sandi-xxxx')).status).toBe(401);
    expect((await opened.store.adminByUsername(ADMIN.username))!.passwordHash.split('$')[1]).toBe(
      String(2 ** 14),
    );
    expect((await signIn(ADMIN.password)).status).toBe(200);
    const after = (await opened.store.adminByUsername(ADMIN.username))!.passwordHash;
    expect(after.split('$').slice(1, 4)).toEqual([String(PARAMS.N), String(PARAMS.r), String(PARAMS.p)]);
    expect((await signIn(ADMIN.password)).status).toBe(200);
  });
});

describe.each((await storeKinds()).filter((k) => k === 'postgres'))(
  'limits shared by processes on %s',
  (kind) => {
    let opened: Opened;
    beforeEach(async () => {
      opened = await openStore(kind);
      await createAdminAccount(opened.store, ADMIN.username, ADMIN.password, T0);
    });
    afterEach(async () => {
      await opened.dispose();
    });

    it('two processes on one database share one sign-in quota and one join quota', async () => {
      const a = testApp(opened, () => T0, { joinLimit: { max: 3, windowMs: 60_000 } });
      const b = testApp({ ...opened, store: opened.another!() }, () => T0, {
        joinLimit: { max: 3, windowMs: 60_000 },
      });
      const wrong = (app: App, i: number) =>
        post(app, '/api/v1/admin/login', null, {
          ...ADMIN,
          password: `salah-${i}-xxxxxx`,
          deviceId: `d${i}`,
        });
      for (let i = 0; i < 3; i++) expect((await wrong(a, i)).status).toBe(401);
      for (let i = 3; i < 5; i++) expect((await wrong(b, i)).status).toBe(401);
      expect((await wrong(a, 5)).status).toBe(429);
      expect((await wrong(b, 6)).status).toBe(429);

      const joinBad = (app: App) =>
        post(app, '/api/v1/join', null, { code: 'ZZZZZZZZ', deviceId: 'j', name: 'A' });
      expect((await joinBad(a)).status).toBe(404);
      expect((await joinBad(b)).status).toBe(404);
      expect((await joinBad(a)).status).toBe(404);
      expect((await joinBad(b)).status).toBe(429);
    });
  },
);
