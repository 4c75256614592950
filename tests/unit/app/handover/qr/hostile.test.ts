/**
 * A hostile or broken QR hand-over (issue 24) is refused with a message a person can act on, and
 * changes nothing: a forged hash, frames too large or malformed, a payload that is not a
 * hand-over, another workshop's entries. Each ends before the database is written (dumps equal).
 */
import type { LumbungDb } from '$src/app/db/db.ts';
import {
  FRAME_PREFIX,
  MAX_FRAME_CHARS,
  MAX_PAYLOAD_BYTES,
  decodeFrame,
  encodeFrame,
  type Frame,
} from '$src/app/handover/qr/frames.ts';
import { toBase45 } from '$src/app/handover/qr/base45.ts';
import { FrameAssembler, encodePayload, type FrameSource } from '$src/app/handover/qr/fountain.ts';
import { buildQrPayload } from '$src/app/handover/qr/payload.ts';
import { prepareQrImport } from '$src/app/handover/qr/receive.ts';
import { applyImport } from '$src/app/handover/import.ts';
import { MESSAGES } from '$src/core/messages.ts';
import qrDict from '$src/app/i18n/qr.ts';
import { dump, forge, freshDb, seedEntries, useStorableBlob } from '../fixtures.ts';

useStorableBlob();

const W1 = 'ws-hall-1';
const W2 = 'ws-other';

let src: LumbungDb;
let dst: LumbungDb;
beforeEach(async () => {
  src = freshDb('qr-src');
  dst = freshDb('qr-dst');
  await Promise.all([src.open(), dst.open()]);
  await seedEntries(dst, ['Punya fasilitator'], undefined, W1);
});
afterEach(async () => {
  await Promise.all([src.delete(), dst.delete()]);
});

function receiveAll(source: FrameSource): FrameAssembler {
  const rx = new FrameAssembler();
  for (let seq = 0; !rx.complete && seq < 10_000; seq++) rx.add(source.frame(seq));
  return rx;
}

/** Scan `source` on the facilitator's device; the refusal code, the database untouched. */
async function refused(rx: FrameAssembler): Promise<string> {
  const before = await dump(dst);
  const code = await prepareQrImport(dst, rx, W1).then(
    () => 'accepted',
    (e: { code?: string }) => e.code ?? String(e),
  );
  expect(await dump(dst)).toEqual(before);
  // A person reads what happened and what to do, in both languages.
  const texts = MESSAGES[code as keyof typeof MESSAGES] ?? {
    id: (qrDict.id as Record<string, string>)[code],
    en: (qrDict.en as Record<string, string>)[code],
  };
  expect(texts.id).toMatch(/Tidak ada yang diubah/);
  expect(texts.en).toMatch(/Nothing was changed/);
  return code;
}

describe('hand-over by QR: hostile input', () => {
  it('the same workshop is accepted and applied (the baseline the refusals are measured against)', async () => {
    await seedEntries(src, ['Sah'], undefined, W1);
    const rx = receiveAll(await encodePayload((await buildQrPayload(src, { all: true })).bytes));
    const prepared = await prepareQrImport(dst, rx, W1);
    expect(prepared.plan.entries.map((e) => e.nama)).toEqual(['Sah']);
    const result = await applyImport(dst, prepared);
    // The entry, its photo's record (the bytes follow by sync), its review and its comment.
    expect(result).toMatchObject({ added: 4, newBlobs: 0 });
  });

  it('a frame forged into a transfer (right header, wrong bytes) fails the hash: refused, started over', async () => {
    await seedEntries(src, ['Asli', 'Juga asli', 'Lagi'], undefined, W1);
    const source = await encodePayload((await buildQrPayload(src, { all: true })).bytes);
    expect(source.fragments).toBeGreaterThan(1);
    const rx = new FrameAssembler();
    // The forger copies the header (hash included) of the real transfer over its own bytes.
    const real = decodeFrame(source.frame(0)) as Frame;
    expect(rx.add(encodeFrame({ ...real, data: real.data.map(() => 0x41) })).kind).toBe('progress');
    for (let seq = 1; !rx.complete && seq < 10_000; seq++) rx.add(source.frame(seq));
    expect(await refused(rx)).toBe('handover.qr_hash');
    expect(rx.have).toBe(0);
  });

  it('frames that are too large, malformed or of another transfer are refused one by one', async () => {
    const rx = new FrameAssembler();
    expect(rx.add('https://example.org/join/ABC').kind).toBe('foreign');
    expect(rx.add(FRAME_PREFIX + 'A'.repeat(MAX_FRAME_CHARS)).kind).toBe('malformed');
    expect(rx.add(FRAME_PREFIX + 'not base45!').kind).toBe('malformed');
    expect(rx.add(FRAME_PREFIX + toBase45(new Uint8Array(10))).kind).toBe('malformed');
    // A header claiming more than the bound: refused before any buffer of that size exists.
    const huge = new Uint8Array(27 + 200);
    const v = new DataView(huge.buffer);
    v.setUint8(0, 1);
    v.setUint16(1, 65535);
    v.setUint32(3, MAX_PAYLOAD_BYTES + 1);
    expect(rx.add(FRAME_PREFIX + toBase45(huge)).kind).toBe('malformed');
    // A fragment count that does not match the length.
    v.setUint16(1, 3);
    v.setUint32(3, 1000);
    expect(rx.add(FRAME_PREFIX + toBase45(huge)).kind).toBe('malformed');
    expect(rx.header).toBeNull();
    const a = await encodePayload(new Uint8Array(900).fill(1));
    const b = await encodePayload(new Uint8Array(900).fill(2));
    expect(rx.add(a.frame(0)).kind).toBe('progress');
    expect(rx.add(b.frame(1)).kind).toBe('other');
    expect(rx.have).toBe(1);
    await expect(encodePayload(new Uint8Array(MAX_PAYLOAD_BYTES + 1))).rejects.toMatchObject({
      code: 'handover.qr_too_large',
    });
  });

  it('a transfer that is not a hand-over file is refused', async () => {
    const rx = receiveAll(await encodePayload(new TextEncoder().encode('{"format":"lumbung"}')));
    expect(await refused(rx)).toBe('handover.damaged');
  });

  it("another workshop's entries are refused", async () => {
    await seedEntries(src, ['Dari lokakarya lain'], undefined, W2);
    const rx = receiveAll(await encodePayload((await buildQrPayload(src, { all: true })).bytes));
    expect(await refused(rx)).toBe('handover.other_workshop');
  });

  it('a review smuggled in without its entry is refused', async () => {
    await seedEntries(src, ['Sah'], undefined, W1);
    const bytes = await forge(
      (await buildQrPayload(src, { all: true })).bytes,
      (m) => {
        const recs = m.records as { table: string; fields: Record<string, unknown> }[];
        const review = recs.find((r) => r.table === 'reviews')!;
        review.fields.entryId = 'e-0-Punyafasilitator';
      },
      { rehash: true },
    );
    const rx = receiveAll(await encodePayload(bytes));
    expect(await refused(rx)).toBe('handover.invalid_manifest');
  });

  it('a transfer still missing parts cannot be imported', async () => {
    await seedEntries(src, ['Satu', 'Dua', 'Tiga'], undefined, W1);
    const source = await encodePayload((await buildQrPayload(src, { all: true })).bytes);
    const rx = new FrameAssembler();
    rx.add(source.frame(0));
    expect(await refused(rx)).toBe('handover.qr_incomplete');
  });
});
