/**
 * The `meta` keys of the replica's own state, in one place: which device this is, its hybrid
 * logical clock, its offset from server time, how far it has pulled and what it pulls with.
 * Only src/app/replica/ reads or writes them (sync-needed.ts only checks that two exist).
 */
export const META_KEYS = {
  deviceId: 'deviceId',
  hlc: 'hlc',
  clockOffset: 'clockOffset',
  token: 'syncToken',
  cursor: 'syncCursor',
  lastSyncAt: 'lastSyncAt',
  deviceSecret: 'deviceSecret',
} as const;

/** The sync engine's subset, under the names it has always used. */
export const SYNC_KEYS = {
  token: META_KEYS.token,
  cursor: META_KEYS.cursor,
  lastSyncAt: META_KEYS.lastSyncAt,
  clockOffset: META_KEYS.clockOffset,
  deviceSecret: META_KEYS.deviceSecret,
} as const;
