/**
 * Zip bombs for the import tests, built with fflate's streaming classes without ever holding the
 * inflated data. One sync-flushed DEFLATE chunk of 1 MiB of zeros is byte-aligned and only refers
 * back to zeros, so the same chunk repeated N times is a valid stream of N MiB of zeros.
 */
import { Deflate, Zip, type ZipInputFile } from 'fflate';

const MIB = 1 << 20;

function zeroChunk(): { chunk: Uint8Array<ArrayBuffer>; tail: Uint8Array<ArrayBuffer> } {
  const parts: Uint8Array[] = [];
  const d = new Deflate({ level: 9 }, (data) => parts.push(data));
  d.push(new Uint8Array(MIB));
  d.flush(true);
  const chunk = concat(parts);
  parts.length = 0;
  d.push(new Uint8Array(0), true);
  return { chunk, tail: concat(parts) };
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** CRC-32 of `n` zero bytes without touching them: the zero-byte step of the CRC register is
 * linear, so it is raised to the n-th power by squaring (as zlib's crc32_combine does). */
export function crc32OfZeros(n: number): number {
  const times = (mat: Uint32Array, vec: number) => {
    let sum = 0;
    for (let i = 0; vec; vec >>>= 1, i++) if (vec & 1) sum ^= mat[i]!;
    return sum >>> 0;
  };
  const square = (mat: Uint32Array) => mat.map((_, i) => times(mat, mat[i]!));
  let odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let i = 1; i < 32; i++) odd[i] = 1 << (i - 1);
  let even = square(odd); // 2 zero bits
  odd = square(even); // 4 zero bits
  let reg = 0xffffffff;
  let len = n;
  do {
    even = square(odd);
    if (len & 1) reg = times(even, reg);
    len = Math.floor(len / 2);
    if (!len) break;
    odd = square(even);
    if (len & 1) reg = times(odd, reg);
    len = Math.floor(len / 2);
  } while (len);
  return (reg ^ 0xffffffff) >>> 0;
}

/**
 * A zip whose `name` entry inflates to `mib` MiB of zeros. `declaredSize` is what the headers
 * claim (the truth by default; a lie for the bomb that hides its size).
 */
export function zeroBomb(name: string, mib: number, declaredSize = mib * MIB): Uint8Array {
  const { chunk, tail } = zeroChunk();
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  const file: ZipInputFile = {
    filename: name,
    size: declaredSize,
    crc: declaredSize === mib * MIB ? crc32OfZeros(mib * MIB) : 0,
    compression: 8,
  };
  zip.add(file);
  for (let i = 0; i < mib; i++) file.ondata!(null, chunk, false);
  file.ondata!(null, tail, true);
  zip.end();
  return concat(out);
}

/** The raw DEFLATE stream of `mib` MiB of zeros (to check the chunk trick itself). */
export function zeroDeflate(mib: number): Uint8Array {
  const { chunk, tail } = zeroChunk();
  return concat([...Array.from({ length: mib }, () => chunk), tail]);
}
