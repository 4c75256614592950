/**
 * Storage health. Browsers may evict a site's data under pressure unless it is "persisted";
 * we ask once, after the first saved entry (asking before anything is saved gets refused more
 * often), and remember the answer in `meta` to show it in Pengaturan.
 */
import type { LumbungDb } from './db.ts';

const KEY_PERSIST = 'storagePersisted';
export const LOW_SPACE_BYTES = 50 * 1024 * 1024;

export type PersistState = 'granted' | 'denied' | 'unsupported' | 'unknown';

function storageManager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' ? navigator.storage : undefined;
}

/** Ask for persistent storage once; later calls return the remembered answer. */
export async function requestPersistOnce(d: LumbungDb): Promise<PersistState> {
  const row = await d.meta.get(KEY_PERSIST);
  if (typeof row?.value === 'string') return row.value as PersistState;
  const sm = storageManager();
  let state: PersistState = 'unsupported';
  if (sm?.persist) {
    try {
      state = (await sm.persist()) ? 'granted' : 'denied';
    } catch {
      state = 'denied';
    }
  }
  await d.meta.put({ key: KEY_PERSIST, value: state });
  return state;
}

/** The current answer without asking: `persisted()` may have changed since (e.g. site settings). */
export async function persistState(d: LumbungDb): Promise<PersistState> {
  const sm = storageManager();
  if (sm?.persisted) {
    try {
      if (await sm.persisted()) return 'granted';
    } catch {
      // fall through to the remembered answer
    }
  }
  const row = await d.meta.get(KEY_PERSIST);
  return typeof row?.value === 'string' ? (row.value as PersistState) : 'unknown';
}

export interface SpaceInfo {
  usage: number;
  quota: number;
  free: number;
  low: boolean;
}

/** Low when less than 50 MB or less than 10 % of the quota is free. */
export function spaceInfo(usage: number, quota: number): SpaceInfo {
  const free = Math.max(0, quota - usage);
  return { usage, quota, free, low: free < LOW_SPACE_BYTES || free < quota * 0.1 };
}

export async function estimateSpace(): Promise<SpaceInfo | null> {
  const sm = storageManager();
  if (!sm?.estimate) return null;
  try {
    const e = await sm.estimate();
    if (typeof e.quota !== 'number') return null;
    return spaceInfo(e.usage ?? 0, e.quota);
  } catch {
    return null;
  }
}

export function toMb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
