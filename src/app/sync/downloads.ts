/**
 * The photos of pulled attachments whose bytes are not on this device, fetched after a round
 * that synced its records, within a budget per round (the rest come next round).
 */
import { missingBlobs, storeFetchedBlob } from '../db/blob-fetch.ts';
import type { LumbungDb } from '../db/db.ts';
import type { Transport } from './transport.ts';

/** Photos downloaded per round at most (count, and bytes as the records declare them). */
export const DOWNLOAD_MAX_PHOTOS = 30;
export const DOWNLOAD_MAX_BYTES = 8 * 1024 * 1024;

export interface DownloadDeps {
  db: LumbungDb;
  transport: Transport;
  now: () => number;
  maxPhotos?: number | undefined;
  maxBytes?: number | undefined;
  /** Failed downloads per photo hash (this session): those go after the others next round. */
  failures: Map<string, number>;
  /** Called for every request made, and for every photo stored. */
  counted: () => void;
  downloaded: () => void;
}

/**
 * One photo that fails (404, network, bytes not matching their hash) is skipped, never stored,
 * and tried again next round: it never fails the round. A failure to store (disk full) stops
 * this round's downloads.
 */
export async function downloadBlobs(d: DownloadDeps, token: string): Promise<void> {
  const todo = await missingBlobs(d.db, {
    maxCount: d.maxPhotos ?? DOWNLOAD_MAX_PHOTOS,
    maxBytes: d.maxBytes ?? DOWNLOAD_MAX_BYTES,
    failures: d.failures,
  });
  for (const m of todo) {
    let got: { blob: Blob; mime: string };
    try {
      d.counted();
      got = await d.transport.getBlob(token, m.sha256);
    } catch {
      d.failures.set(m.sha256, (d.failures.get(m.sha256) ?? 0) + 1);
      continue;
    }
    try {
      await storeFetchedBlob(d.db, m, got.blob, got.mime, d.now());
    } catch (e) {
      console.warn('storing a downloaded photo failed', e);
      return;
    }
    d.failures.delete(m.sha256);
    d.downloaded();
  }
}
