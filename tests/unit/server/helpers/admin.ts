/** Admin fixtures for the issue-5 route tests: an account, a signed-in admin, scoped tokens. */
import { randomToken, uuidv7 } from '$src/core/index.ts';
import { createAdminAccount } from '$src/server/admin/accounts.ts';
import type { App } from '$src/server/app.ts';
import { hashToken } from '$src/server/auth/tokens.ts';
import type { Store } from '$src/server/store/types.ts';
import { post, secretOf } from './client.ts';

export const ADMIN = { username: 'kantor', password: 'sandi-rahasia-2026' };

export async function createAdmin(store: Store, now: number): Promise<void> {
  const outcome = await createAdminAccount(store, ADMIN.username, ADMIN.password, now);
  if (outcome !== 'created') throw new Error(`createAdmin: ${outcome}`);
}

export interface Session {
  token: string;
  expiresAt: number;
  deviceId: string;
  role: string;
}

export async function login(app: App, deviceId = `admin-${uuidv7()}`): Promise<Session> {
  const res = await post(app, '/api/v1/admin/login', null, {
    ...ADMIN,
    deviceId,
    deviceSecret: secretOf(deviceId),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return (await res.json()) as Session;
}

/** A device token with `role` in workshop `workshopId`, written straight to the store. */
export async function scopedToken(
  store: Store,
  role: 'participant' | 'facilitator',
  now: number,
  workshopId = 'w-1',
): Promise<{ deviceId: string; token: string }> {
  const deviceId = `${role}-${uuidv7()}`;
  const token = randomToken();
  await store.issueDevice({
    secretHash: null,
    bearerHash: null,
    trusted: true,
    id: deviceId,
    tokenHash: hashToken(token),
    name: role,
    role,
    workshopId,
    expiresAt: null,
    now,
  });
  return { deviceId, token };
}

export function get(app: App, path: string, token: string | null) {
  return app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
