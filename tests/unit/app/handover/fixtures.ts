/**
 * Shared by the hand-over tests: seeding a device, dumping a whole database for before/after
 * comparisons, and forging files. fake-indexeddb clones values with Node's structuredClone,
 * which turns jsdom's Blob into an empty object; Node's own Blob survives it (as a real browser's
 * does), so these tests put Node's Blob in the global that the code under test uses.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { vi } from 'vitest';
import { openDb, type LumbungDb } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import type { BlobRow } from '$src/app/db/types.ts';
import { canonicalJson, recordsChecksum, sha256Hex } from '$src/app/handover/format.ts';
import type { RecordDoc } from '$src/core/index.ts';

export function useStorableBlob(): void {
  vi.stubGlobal('Blob', NodeBlob);
}

export function freshDb(prefix: string): LumbungDb {
  return openDb(`${prefix}-${Math.random().toString(36).slice(2)}`);
}

/** Deterministic "photo" bytes: the hand-over never decodes images, it only carries them. */
export function photoBytes(seed: number, size = 600): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}

export async function putPhoto(d: LumbungDb, bytes: Uint8Array, mime = 'image/jpeg'): Promise<string> {
  const sha256 = await sha256Hex(bytes);
  const row: BlobRow = {
    sha256,
    blob: new Blob([new Uint8Array(bytes)], { type: mime }),
    mime,
    size: bytes.length,
    width: 40,
    height: 30,
    createdAt: 1,
    uploaded: 1,
  };
  await d.blobs.put(row);
  return sha256;
}

const T0 = Date.UTC(2026, 10, 27, 3, 0, 0);

/** A participant's device with entries, each with one photo, one review and one comment. */
export async function seedEntries(
  d: LumbungDb,
  names: string[],
  t = T0,
  workshopId: string | null = null,
): Promise<string[]> {
  const now = () => t;
  const ids: string[] = [];
  for (const [i, nama] of names.entries()) {
    const id = `e-${i}-${nama.replace(/\W/g, '')}`;
    await writeRecord(
      d,
      'entries',
      id,
      {
        nama,
        workshopId,
        opd: 'Dinas Kesehatan',
        tahapan: 'Inisiatif',
        authorId: 'participant-1',
        authorName: 'Sri',
        createdAt: t,
        deleted: false,
      },
      { now },
    );
    const sha = await putPhoto(d, photoBytes(i + 1));
    await writeRecord(
      d,
      'attachments',
      `a-${id}`,
      {
        entryId: id,
        sha256: sha,
        mime: 'image/jpeg',
        width: 40,
        height: 30,
        size: 600,
        caption: '',
        authorId: 'participant-1',
        createdAt: t,
        deleted: false,
      },
      { now },
    );
    await writeRecord(
      d,
      'reviews',
      `r-${id}`,
      { entryId: id, status: 'baru', notes: 'cek', reviewerId: 'fac-1', createdAt: t, deleted: false },
      { now },
    );
    await writeRecord(
      d,
      'comments',
      `c-${id}`,
      { entryId: id, text: 'Bagus', authorId: 'participant-2', createdAt: t, deleted: false },
      { now },
    );
    ids.push(id);
  }
  return ids;
}

/** Every table, blobs by content: equal dumps mean nothing at all was written. */
export async function dump(d: LumbungDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of d.tables) {
    const rows = await table.toArray();
    out[table.name] =
      table.name === 'blobs'
        ? await Promise.all(
            (rows as BlobRow[]).map(async (r) => ({
              ...r,
              blob: await sha256Hex(new Uint8Array(await r.blob.arrayBuffer())),
            })),
          )
        : rows;
  }
  return out;
}

/** The merge documents of the synced tables, without local bookkeeping, sorted. */
export async function records(
  d: LumbungDb,
  tables = ['entries', 'attachments', 'reviews', 'comments'],
): Promise<RecordDoc[]> {
  const out: RecordDoc[] = [];
  for (const t of tables) {
    for (const r of (await d.table(t).toArray()) as (RecordDoc & { updatedAt?: number })[]) {
      out.push({ table: r.table, id: r.id, fields: r.fields, stamps: r.stamps, bases: r.bases });
    }
  }
  return out.sort((a, b) => `${a.table}/${a.id}`.localeCompare(`${b.table}/${b.id}`));
}

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function manifestOf(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(unzip(bytes)['manifest.json'])) as Record<string, unknown>;
}

/** Rebuild a file with its manifest changed by `edit`; `rehash` keeps the checksum valid, so
 * the test reaches the check after it. */
export async function forge(
  bytes: Uint8Array,
  edit: (m: Record<string, unknown>) => void,
  opts: { rehash?: boolean; extraFiles?: Record<string, Uint8Array> } = {},
): Promise<Uint8Array> {
  const files = unzip(bytes);
  const m = manifestOf(bytes);
  edit(m);
  if (opts.rehash)
    (m.checksums as Record<string, string>)['manifest-records'] = await recordsChecksum(
      m.records as RecordDoc[],
    );
  const z: Zippable = { ...files, ...opts.extraFiles, 'manifest.json': strToU8(canonicalJson(m)) };
  return zipSync(z);
}
