/**
 * Sync bookkeeping kept in the `meta` table: the device token, the pull cursor, the learned
 * offset from server time and when the last round succeeded. Small typed getters/setters so
 * the engine never touches Dexie itself.
 */
import { randomToken } from '../../core/ids.ts';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { META_KEYS } from './records.ts';

export const SYNC_KEYS = {
  token: 'syncToken',
  cursor: 'syncCursor',
  lastSyncAt: 'lastSyncAt',
  clockOffset: META_KEYS.clockOffset,
  deviceSecret: 'deviceSecret',
} as const;

async function getMeta(d: LumbungDb, key: string): Promise<FieldValue | undefined> {
  return (await d.meta.get(key))?.value;
}

export async function getToken(d: LumbungDb): Promise<string | null> {
  const v = await getMeta(d, SYNC_KEYS.token);
  return typeof v === 'string' ? v : null;
}

export async function setToken(d: LumbungDb, token: string | null): Promise<void> {
  if (token === null) await d.meta.delete(SYNC_KEYS.token);
  else await d.meta.put({ key: SYNC_KEYS.token, value: token });
}

/**
 * The device's own secret: 32 random bytes as hex, made once on this device and kept
 * with its sync state (never in a backup file: backup.ts leaves out every "secret" key). The
 * server keeps only its hash and hands a known device id to nobody who cannot show it, since
 * device ids are public (they are in every stamp). A device from before secrets makes it at its
 * next sync, and the server takes it with that sync's still-valid token: nothing queued changes.
 */
export async function deviceSecret(d: LumbungDb): Promise<string> {
  return d.transaction('rw', d.meta, async () => {
    const row = await d.meta.get(SYNC_KEYS.deviceSecret);
    if (typeof row?.value === 'string') return row.value;
    const secret = randomToken(32);
    await d.meta.put({ key: SYNC_KEYS.deviceSecret, value: secret });
    return secret;
  });
}

export async function getCursor(d: LumbungDb): Promise<number> {
  const v = await getMeta(d, SYNC_KEYS.cursor);
  return typeof v === 'number' ? v : 0;
}

export async function getClockOffset(d: LumbungDb): Promise<number> {
  const v = await getMeta(d, SYNC_KEYS.clockOffset);
  return typeof v === 'number' ? v : 0;
}

/** Whether an offset was ever learned (a first sample replaces 0 instead of being smoothed). */
export async function hasClockOffset(d: LumbungDb): Promise<boolean> {
  return (await getMeta(d, SYNC_KEYS.clockOffset)) !== undefined;
}

export async function setClockOffset(d: LumbungDb, offset: number): Promise<void> {
  await d.meta.put({ key: SYNC_KEYS.clockOffset, value: Math.round(offset) });
}

export async function getLastSyncAt(d: LumbungDb): Promise<number | null> {
  const v = await getMeta(d, SYNC_KEYS.lastSyncAt);
  return typeof v === 'number' ? v : null;
}

export async function setLastSyncAt(d: LumbungDb, at: number): Promise<void> {
  await d.meta.put({ key: SYNC_KEYS.lastSyncAt, value: at });
}
