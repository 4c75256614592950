/**
 * Sync bookkeeping kept in the `meta` table: the device token, the pull cursor, the learned
 * offset from server time and when the last round succeeded. Small typed getters/setters so
 * the engine never touches Dexie itself.
 */
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { META_KEYS } from './records.ts';

export const SYNC_KEYS = {
  token: 'syncToken',
  cursor: 'syncCursor',
  lastSyncAt: 'lastSyncAt',
  clockOffset: META_KEYS.clockOffset,
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
