/**
 * The Dexie side of fetching photos that came with pulled records: which attachments have no
 * bytes on this device yet (oldest first, within a per-round budget), and storing bytes that
 * were downloaded and checked. Reading and hashing a Blob happen before `storeFetchedBlob` is
 * called, outside any transaction (awaiting them inside one would commit it early).
 */
import type { LumbungDb } from './db.ts';
import type { BlobRow, StoredRecord } from './types.ts';

/** A photo to download: what the attachment record says about it. */
export interface MissingBlob {
  sha256: string;
  /** Size as the attachment record declares it (the budget is planned with it). */
  size: number;
  width: number;
  height: number;
  createdAt: number;
}

export interface MissingBlobOptions {
  maxCount: number;
  maxBytes: number;
  /**
   * Failed attempts so far per hash: photos that failed before go after the others, so a few
   * that keep failing (404) cannot take the whole budget of every round.
   */
  failures?: ReadonlyMap<string, number>;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && v > 0 ? v : fallback);

/** Photos of attachments (not deleted) whose bytes are not in `blobs`, oldest first, within budget. */
export async function missingBlobs(d: LumbungDb, o: MissingBlobOptions): Promise<MissingBlob[]> {
  const atts = (await d.attachments.toArray()).filter(
    (a: StoredRecord) => a.fields.deleted !== true && typeof a.fields.sha256 === 'string',
  );
  const wanted = new Map<string, MissingBlob>();
  for (const a of atts) {
    const sha256 = a.fields.sha256 as string;
    const createdAt = num(a.fields.createdAt, a.updatedAt);
    const known = wanted.get(sha256);
    if (known && known.createdAt <= createdAt) continue;
    wanted.set(sha256, {
      sha256,
      size: num(a.fields.size, 1),
      width: num(a.fields.width, 1),
      height: num(a.fields.height, 1),
      createdAt,
    });
  }
  const shas = [...wanted.keys()];
  const here = await d.blobs.bulkGet(shas);
  const fails = o.failures ?? new Map<string, number>();
  const missing = shas
    .filter((_, i) => here[i] === undefined)
    .map((sha) => wanted.get(sha)!)
    .sort(
      (x, y) =>
        (fails.get(x.sha256) ?? 0) - (fails.get(y.sha256) ?? 0) ||
        x.createdAt - y.createdAt ||
        (x.sha256 < y.sha256 ? -1 : 1),
    );
  const out: MissingBlob[] = [];
  let bytes = 0;
  for (const m of missing) {
    if (out.length >= o.maxCount) break;
    // The first photo always goes, even a large one: otherwise it would never come.
    if (out.length > 0 && bytes + m.size > o.maxBytes) break;
    out.push(m);
    bytes += m.size;
  }
  return out;
}

/**
 * Store downloaded (already verified) bytes as a blob row marked uploaded: it came from the
 * server, so the engine must not send it back. A row already there (taken on this device, or
 * fetched meanwhile) is kept as it is.
 */
export async function storeFetchedBlob(
  d: LumbungDb,
  m: MissingBlob,
  blob: Blob,
  mime: string,
  now: number,
): Promise<BlobRow> {
  const row: BlobRow = {
    sha256: m.sha256,
    blob,
    mime,
    size: blob.size,
    width: m.width,
    height: m.height,
    createdAt: now,
    uploaded: 1,
  };
  return d.transaction('rw', d.blobs, async () => {
    const existing = await d.blobs.get(m.sha256);
    if (existing) return existing;
    await d.blobs.add(row);
    return row;
  });
}
