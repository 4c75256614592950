/**
 * Import fuzzing (issue 4): every bad file is refused with its code and the target database is
 * byte-for-byte unchanged. Each attempt runs the real flow: prepare (parse, verify, plan) and,
 * should a bad file ever pass, apply it as a person pressing "Terapkan" would, so a wrongly
 * accepted file shows up as a changed dump.
 */
import { inflateSync, strToU8, zipSync } from 'fflate';
import type { LumbungDb } from '$src/app/db/db.ts';
import { exportHandover } from '$src/app/handover/export.ts';
import { HandoverError, LIMITS, sha256Hex } from '$src/app/handover/format.ts';
import { applyImport, prepareImport, readHandoverFile } from '$src/app/handover/import.ts';
import { parseHandover } from '$src/app/handover/parse.ts';
import { crc32, readZipDirectory } from '$src/app/handover/zip-read.ts';
import { crc32OfZeros, zeroBomb, zeroDeflate } from './bomb.ts';
import { dump, forge, freshDb, photoBytes, seedEntries, unzip, useStorableBlob } from './fixtures.ts';

useStorableBlob();

let src: LumbungDb;
let dst: LumbungDb;
let good: Uint8Array;
beforeAll(async () => {
  src = freshDb('fuzz-src');
  await src.open();
  await seedEntries(src, ['SIDOTI']);
  good = (await exportHandover(src, { all: true })).bytes;
});
afterAll(async () => {
  await src.delete();
});
beforeEach(async () => {
  dst = freshDb('fuzz-dst');
  await dst.open();
  // The target already holds something, so "unchanged" is not trivially an empty database.
  await seedEntries(dst, ['JAGO SILO']);
});
afterEach(async () => {
  await dst.delete();
});

/** The refusal code of an import attempt, or 'accepted' (after applying it). */
async function attempt(bytes: Uint8Array): Promise<string> {
  try {
    const prepared = await prepareImport(dst, bytes);
    await applyImport(dst, prepared);
    return 'accepted';
  } catch (e) {
    if (e instanceof HandoverError) return e.code;
    throw e;
  }
}

async function expectRefused(bytes: Uint8Array, code: string): Promise<void> {
  const before = await dump(dst);
  expect(await attempt(bytes)).toBe(code);
  expect(await dump(dst)).toEqual(before);
}

const limits = { maxFiles: LIMITS.files, maxTotal: LIMITS.totalBytes, maxEntry: () => LIMITS.blobBytes };

describe('import fuzzing', () => {
  it('the untouched file is accepted (the cases below differ from it only as stated)', async () => {
    expect(await attempt(good)).toBe('accepted');
  });

  it('refuses every truncation of a file: each cut point', async () => {
    const before = await dump(dst);
    const codes = new Set<string>();
    for (let cut = 0; cut < good.length; cut++) codes.add(await attempt(good.subarray(0, cut)));
    expect([...codes]).toEqual(['handover.damaged']);
    expect(await dump(dst)).toEqual(before);
  });

  it('a flipped byte is refused, or touched only zip metadata and yields the very same content', async () => {
    const before = await dump(dst);
    const original = await parseHandover(good);
    const dataBytes = new Set<number>();
    for (const e of readZipDirectory(good, limits)) {
      for (let i = e.dataStart; i < e.dataStart + e.compressedSize; i++) dataBytes.add(i);
    }
    let refused = 0;
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 0xff;
      let outcome: string;
      try {
        const prepared = await prepareImport(dst, bad);
        // Accepted: only a timestamp or attribute byte changed, the content must be identical.
        expect(prepared.parsed).toEqual(original);
        outcome = 'same content';
      } catch (e) {
        if (!(e instanceof HandoverError)) throw e;
        outcome = e.code;
        refused++;
      }
      if (dataBytes.has(i)) expect(outcome, `byte ${i} is entry data`).not.toBe('same content');
    }
    expect(refused).toBeGreaterThan(dataBytes.size);
    expect(await dump(dst)).toEqual(before);
  });

  it('a flipped byte inside a stored photo fails its CRC: damaged', async () => {
    const photo = readZipDirectory(good, limits).find((e) => e.name.startsWith('blobs/'))!;
    expect(photo.method).toBe(0);
    const bad = good.slice();
    bad[photo.dataStart + 10]! ^= 0x01;
    await expectRefused(bad, 'handover.damaged');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const huge = { size: LIMITS.totalBytes + 1, arrayBuffer: vi.fn() } as unknown as Blob;
    await expect(readHandoverFile(huge)).rejects.toMatchObject({ code: 'handover.too_large' });
    expect(huge.arrayBuffer).not.toHaveBeenCalled();
  });

  it('refuses a wrong records checksum', async () => {
    await expectRefused(
      await forge(good, (m) => {
        (m.checksums as Record<string, string>)['manifest-records'] = '0'.repeat(64);
      }),
      'handover.checksum',
    );
  });

  it('refuses records changed after the checksum was made', async () => {
    await expectRefused(
      await forge(good, (m) => {
        const e = (m.records as { table: string; fields: Record<string, unknown> }[]).find(
          (r) => r.table === 'entries',
        )!;
        e.fields.nama = 'Diubah diam-diam';
      }),
      'handover.checksum',
    );
  });

  it('refuses a manifest with an extra field', async () => {
    await expectRefused(
      await forge(good, (m) => {
        m.extra = true;
      }),
      'handover.invalid_manifest',
    );
  });

  it('refuses a manifest with a missing field', async () => {
    await expectRefused(
      await forge(good, (m) => {
        delete m.deviceId;
      }),
      'handover.invalid_manifest',
    );
  });

  it('refuses a record with an extra property, an unknown field, a bad value or a foreign table', async () => {
    const edits: ((r: Record<string, unknown>) => void)[] = [
      (r) => (r.updatedAt = 1),
      (r) => {
        (r.fields as Record<string, unknown>).rahasia = 'x';
        (r.stamps as Record<string, unknown>).rahasia = Object.values(r.stamps as object)[0];
        (r.bases as Record<string, unknown>).rahasia = null;
      },
      (r) => ((r.fields as Record<string, unknown>).tahapan = 'Mimpi'),
      (r) => delete (r.stamps as Record<string, unknown>).nama,
      (r) => (r.table = 'workshops'),
    ];
    for (const edit of edits) {
      const bytes = await forge(
        good,
        (m) => edit((m.records as Record<string, unknown>[]).find((r) => r.table === 'entries')!),
        { rehash: true },
      );
      await expectRefused(bytes, 'handover.invalid_manifest');
    }
  });

  it('refuses a foreign zip, a non-zip, an empty file and a manifest of another format', async () => {
    await expectRefused(zipSync({ 'hello.txt': strToU8('halo') }), 'handover.foreign');
    await expectRefused(
      zipSync({ 'manifest.json': strToU8('{"format":"lain","version":1}') }),
      'handover.foreign',
    );
    await expectRefused(zipSync({ 'manifest.json': strToU8('bukan json') }), 'handover.foreign');
    await expectRefused(strToU8('ini hanya teks, bukan zip'), 'handover.damaged');
    await expectRefused(new Uint8Array(0), 'handover.damaged');
  });

  it('refuses a file of a newer format version', async () => {
    await expectRefused(
      await forge(good, (m) => {
        m.version = 2;
      }),
      'handover.newer_version',
    );
  });

  it('refuses unsafe paths: ../evil, /abs, a\\b and a hidden ../ inside blobs/', async () => {
    for (const name of ['../evil', '/abs', 'a\\b', 'blobs/../../evil.jpg', 'C:/evil']) {
      const files = unzip(good);
      await expectRefused(zipSync({ ...files, [name]: strToU8('x') }), 'handover.unsafe_path');
    }
  });

  it('refuses too many files before reading any of them', async () => {
    const files: Record<string, Uint8Array> = { ...unzip(good) };
    for (let i = 0; i < LIMITS.files; i++) files[`blobs/${i}`] = new Uint8Array(0);
    await expectRefused(zipSync(files, { level: 0 }), 'handover.too_many_files');
  });

  it('the bomb builder makes real zero streams (checked small)', () => {
    const out = inflateSync(zeroDeflate(3));
    expect(out.length).toBe(3 << 20);
    expect(out.every((b) => b === 0)).toBe(true);
    expect(crc32OfZeros(3 << 20)).toBe(crc32(out));
  });

  it('refuses a zip bomb declaring a 1 GB manifest, before inflating it', async () => {
    const bomb = zeroBomb('manifest.json', 1024);
    expect(bomb.length).toBeLessThan(2 << 20);
    const entry = readZipDirectory(bomb, { ...limits, maxTotal: 2 ** 31, maxEntry: () => 2 ** 31 })[0]!;
    expect(entry.size).toBe(2 ** 30);
    await expectRefused(bomb, 'handover.too_large');
  });

  it('refuses a bomb that lies about its size: inflating stops past the declared size', async () => {
    // Declares 1000 bytes, really inflates to 64 MiB.
    const liar = zeroBomb('manifest.json', 64, 1000);
    expect(readZipDirectory(liar, limits)[0]!.size).toBe(1000);
    await expectRefused(liar, 'handover.too_large');
  });

  it('refuses a photo declared larger than a photo may be', async () => {
    const files = unzip(good);
    // The real file with an 11 MiB photo beside it: refused by its declared size alone.
    const combined = zipSync({
      ...files,
      ['blobs/' + 'b'.repeat(64) + '.jpg']: [new Uint8Array(11 << 20), { level: 1 }],
    });
    await expectRefused(combined, 'handover.too_large');
  });

  it('refuses a photo whose bytes do not match its hash (its CRC being right)', async () => {
    const files = unzip(good);
    const path = Object.keys(files).find((p) => p.startsWith('blobs/'))!;
    await expectRefused(zipSync({ ...files, [path]: photoBytes(99) }), 'handover.blob_hash');
  });

  it('refuses a photo the manifest does not list, and a listed photo that is missing', async () => {
    const files = unzip(good);
    const extra = photoBytes(7);
    await expectRefused(
      zipSync({ ...files, [`blobs/${await sha256Hex(extra)}.jpg`]: extra }),
      'handover.invalid_manifest',
    );
    const path = Object.keys(files).find((p) => p.startsWith('blobs/'))!;
    const { [path]: _gone, ...rest } = files;
    await expectRefused(zipSync(rest), 'handover.invalid_manifest');
  });
});
