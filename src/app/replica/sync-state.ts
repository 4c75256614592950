/**
 * What the device pulls with and how far it got: the token, the pull cursor and when the last
 * round succeeded, kept in `meta`. Small typed getters and setters, so the sync engine, the join
 * and the admin's sign-in never touch Dexie themselves.
 */
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import { META_KEYS, SYNC_KEYS } from './keys.ts';

export { SYNC_KEYS };

async function getMeta(d: LumbungDb, key: string): Promise<FieldValue | undefined> {
  return (await d.meta.get(key))?.value;
}

export async function getToken(d: LumbungDb): Promise<string | null> {
  const v = await getMeta(d, META_KEYS.token);
  return typeof v === 'string' ? v : null;
}

export async function setToken(d: LumbungDb, token: string | null): Promise<void> {
  if (token === null) await d.meta.delete(META_KEYS.token);
  else await d.meta.put({ key: META_KEYS.token, value: token });
}

export async function getCursor(d: LumbungDb): Promise<number> {
  const v = await getMeta(d, META_KEYS.cursor);
  return typeof v === 'number' ? v : 0;
}

/**
 * Store the cursor a pull page ended at. `since` is the cursor the page was asked from: a stored
 * cursor below it was set back meanwhile ("Buang perubahan ini", leaving a workshop: a re-pull is
 * due), and stays so, since moving it on would skip that re-pull. It never moves back either: two
 * pages asked from the same cursor may be answered in turn, the second taken further first, and
 * everything below the stored cursor is applied already (only rewindCursor sets it back).
 */
export async function advanceCursor(d: LumbungDb, cursor: number, since?: number): Promise<void> {
  const stored = await getCursor(d);
  const setBack = since !== undefined && stored < since;
  if (!setBack && cursor > stored) await d.meta.put({ key: META_KEYS.cursor, value: cursor });
}

/** Pull everything again from the start: merge is idempotent, so a re-pull only redoes merges
 * that a local change (now gone or re-stamped) may have decided differently. */
export async function rewindCursor(d: LumbungDb): Promise<void> {
  await d.meta.put({ key: META_KEYS.cursor, value: 0 });
}

/**
 * Switch to a new token that sees another scope (a joined workshop, the admin's everything, or
 * none), in the caller's transaction: the cursor is forgotten with it, since it counted the old
 * scope's changes, and re-pulling what is already here is harmless.
 */
export async function switchToken(d: LumbungDb, token: string | null): Promise<void> {
  await setToken(d, token);
  await d.meta.delete(META_KEYS.cursor);
}

export async function getLastSyncAt(d: LumbungDb): Promise<number | null> {
  const v = await getMeta(d, META_KEYS.lastSyncAt);
  return typeof v === 'number' ? v : null;
}

export async function setLastSyncAt(d: LumbungDb, at: number): Promise<void> {
  await d.meta.put({ key: META_KEYS.lastSyncAt, value: at });
}

/** A value of the device's own that lives beside its sync state (the admin's session): read
 * and written here so that nothing outside the replica opens `meta`. */
export async function readLocal(d: LumbungDb, key: string): Promise<unknown> {
  return getMeta(d, key);
}

export async function writeLocal(d: LumbungDb, key: string, value: unknown): Promise<void> {
  if (value === null) await d.meta.delete(key);
  else await d.meta.put({ key, value: value as FieldValue });
}

/** Sign in with a new token and keep the session that goes with it, in one transaction, so a
 * device is never half signed in (switchToken says why the cursor goes). */
export async function enterScope(d: LumbungDb, token: string, key: string, session: unknown): Promise<void> {
  await d.transaction('rw', d.meta, async () => {
    await switchToken(d, token);
    await writeLocal(d, key, session);
  });
}

/** Forget the token and its session together. Synced records stay on the device. */
export async function leaveScope(d: LumbungDb, key: string): Promise<void> {
  await d.transaction('rw', d.meta, async () => {
    await setToken(d, null);
    await writeLocal(d, key, null);
  });
}
