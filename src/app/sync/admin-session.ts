/**
 * The admin's sign-in on this device. The admin token is a device token with role admin, so it
 * goes where the sync engine keeps its token (replica/sync-state.ts): from then on /sync pulls every
 * workshop's records into IndexedDB and the dashboard works offline from that copy. The pull
 * cursor is cleared in the same transaction (the token now sees a wider scope; re-pulling what
 * is here is harmless, the merge is idempotent). Username and expiry are kept in `meta`.
 */
import type { LumbungDb } from '../db/db.ts';
import { deviceId, deviceSecret } from '../replica/device.ts';
import { enterScope, getToken, leaveScope, readLocal } from '../replica/sync-state.ts';
import { adminFlag } from '../state/admin/flag.svelte.ts';
import type { AdminApi } from './admin-api.ts';
import { syncNow } from './sync-now-registry.ts';

const KEY_ADMIN = 'adminSession';

export interface AdminSession {
  username: string;
  expiresAt: number;
}

export function parseAdminSession(v: unknown): AdminSession | null {
  if (typeof v !== 'object' || v === null) return null;
  const { username, expiresAt } = v as Record<string, unknown>;
  if (typeof username !== 'string' || typeof expiresAt !== 'number') return null;
  return { username, expiresAt };
}

/** The stored admin session, or null when none (or when it has expired). */
export async function getAdminSession(d: LumbungDb, now: number = Date.now()): Promise<AdminSession | null> {
  const s = parseAdminSession(await readLocal(d, KEY_ADMIN));
  return s && s.expiresAt > now ? s : null;
}

/** The admin token for API calls (null when not signed in). */
export async function adminToken(d: LumbungDb): Promise<string | null> {
  return (await getAdminSession(d)) ? getToken(d) : null;
}

/** Sign in: the server checks the password; on success token + session are stored together. */
export async function signInAdmin(
  d: LumbungDb,
  api: AdminApi,
  username: string,
  password: string,
): Promise<AdminSession> {
  const id = await deviceId(d);
  // The device's secret proves the id is this browser's and makes it a "known browser" for the
  // next sign-in, which an anonymous burst on the username cannot lock out (server sign-in.ts).
  const res = await api.login({
    username: username.trim(),
    password,
    deviceId: id,
    deviceSecret: await deviceSecret(d),
  });
  const session: AdminSession = { username: username.trim(), expiresAt: res.expiresAt };
  await enterScope(d, res.token, KEY_ADMIN, session);
  adminFlag.set(true);
  // Pull everything now rather than at the next trigger (no-op before the engine started).
  void syncNow();
  return session;
}

/** Sign out: the server ends the token (best effort: offline, it expires by itself); the
 * device forgets it either way. Synced records stay on the device. */
export async function signOutAdmin(d: LumbungDb, api: AdminApi): Promise<void> {
  const token = await adminToken(d);
  if (token) await api.logout(token).catch(() => undefined);
  await leaveScope(d, KEY_ADMIN);
  adminFlag.set(false);
}
