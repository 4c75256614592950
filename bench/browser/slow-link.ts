/**
 * One participant's device on a slow link, in Chromium on real IndexedDB against the real
 * server: join, seed a few entries with photos (stored as the app stores a resized photo: a blob
 * row by hash and an attachment record), then run engine rounds until the outbox is empty,
 * noting when the last entry and the last attachment left it and how many body bytes every
 * request carried (failed ones included). Built twice by bench/slow-link.ts: against this tree's
 * src/ and against a baseline's (an alias for `../../src/`), so old and new run alike.
 */
import { uuidv7 } from '../../src/core/index.ts';
import { db } from '../../src/app/db/db.ts';
import { deviceId } from '../../src/app/replica/device.ts';
import { writeRecord } from '../../src/app/replica/local-write.ts';
import { setToken } from '../../src/app/replica/sync-state.ts';
import { createSyncEngine } from '../../src/app/sync/engine.ts';
import { join as joinWorkshop } from '../../src/app/sync/join.ts';
import { createTransport } from '../../src/app/sync/transport.ts';
import { entryFields } from './entries.ts';

/** A failed round is tried again after this long (the same for old and new: the link decides). */
const RETRY_MS = 1_000;
const MAX_ROUNDS = 200;

interface Joined {
  personId: string;
  workshopId: string;
}

async function join(code: string, name: string): Promise<Joined> {
  const a = await joinWorkshop({ code, name, deviceId: await deviceId(db) }, { baseUrl: location.origin });
  await setToken(db, a.token);
  return { personId: a.personId, workshopId: a.workshop.id };
}

/** Bytes that do not compress and hash uniquely per photo, behind a JPEG magic number. */
async function photoBytes(seed: number, size: number): Promise<{ blob: Blob; sha: string }> {
  const bytes = new Uint8Array(size);
  for (let off = 0; off < size; off += 65_536) crypto.getRandomValues(bytes.subarray(off, off + 65_536));
  bytes.set([0xff, 0xd8, 0xff, 0xe0, seed & 0xff, (seed >> 8) & 0xff], 0);
  const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return { blob: new Blob([bytes], { type: 'image/jpeg' }), sha };
}

/** `entries` entries, photos spread over them in turn (entry 1 gets photo 1, 6, 11, …). */
async function seed(entries: number, photos: number, photoBytesEach: number, as: Joined): Promise<void> {
  const ids: string[] = [];
  const now = Date.now();
  for (let i = 0; i < entries; i++) {
    const id = uuidv7(now + i);
    ids.push(id);
    await writeRecord(db, 'entries', id, { ...entryFields(i, as.personId, now), workshopId: as.workshopId });
    // Each entry's photos right after it, as a person adds them while filling the form.
    for (let p = i; p < photos; p += entries) {
      const { blob, sha } = await photoBytes(p, photoBytesEach);
      await db.blobs.put({
        sha256: sha,
        blob,
        mime: 'image/jpeg',
        size: blob.size,
        width: 1600,
        height: 1200,
        createdAt: now,
        uploaded: 0,
      });
      await writeRecord(db, 'attachments', uuidv7(now + 1000 + p), {
        entryId: id,
        sha256: sha,
        mime: 'image/jpeg',
        width: 1600,
        height: 1200,
        size: blob.size,
        caption: `Foto ${p + 1}`,
        authorId: as.personId,
        createdAt: now,
        deleted: false,
      });
    }
  }
}

export interface SlowResult {
  /** From the first round's start: when no entry was left in the outbox. */
  textMs: number | null;
  /** When no attachment was left either. */
  photosMs: number | null;
  /**
   * Body bytes of every request begun while the browser was online (one cut off mid-way counts
   * whole: an upper bound). One begun while offline fails before it sends a byte: not counted.
   */
  sentBytes: number;
  requests: number;
  failedRounds: number;
  ok: boolean;
}

async function sync(): Promise<SlowResult> {
  let sentBytes = 0;
  let requests = 0;
  const fetch = (input: string, init?: RequestInit) => {
    requests++;
    const body = init?.body;
    if (navigator.onLine)
      sentBytes +=
        typeof body === 'string'
          ? new TextEncoder().encode(body).length
          : body instanceof ArrayBuffer
            ? body.byteLength
            : body instanceof Blob
              ? body.size
              : 0;
    return globalThis.fetch(input, init);
  };
  const engine = createSyncEngine({ db, transport: createTransport({ baseUrl: location.origin, fetch }) });
  const t0 = performance.now();
  let textMs: number | null = null;
  let photosMs: number | null = null;
  const look = async () => {
    const left = await db.outbox.toArray();
    const at = performance.now() - t0;
    if (textMs === null && !left.some((r) => r.table === 'entries')) textMs = at;
    if (photosMs === null && !left.some((r) => r.table === 'attachments')) photosMs = at;
  };
  const watch = setInterval(() => void look(), 100);
  let failedRounds = 0;
  let ok = false;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await engine.round();
      await look();
      if (r.ok && (await db.outbox.count()) === 0) {
        ok = true;
        break;
      }
      if (!r.ok) failedRounds++;
      await new Promise((res) => setTimeout(res, RETRY_MS));
    }
  } finally {
    clearInterval(watch);
  }
  return { textMs, photosMs, sentBytes, requests, failedRounds, ok };
}

declare global {
  interface Window {
    __slow?: {
      ready: boolean;
      join: typeof join;
      seed: typeof seed;
      sync: typeof sync;
    };
  }
}

window.__slow = { ready: true, join, seed, sync };
