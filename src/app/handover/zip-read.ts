/**
 * A defensive zip reader for hand-over files. fflate's unzip trusts the archive (no CRC check, no
 * limits, any entry count), so the directory is read here, every declared size and name is checked
 * against the limits BEFORE anything is inflated, and inflating runs through fflate's streaming
 * `Inflate` in small slices, stopping as soon as the output outgrows what the entry declared.
 * Every output is then checked against its CRC-32. Zip64, encryption, multi-disk archives and
 * methods other than stored/deflate are refused: our own exports never use them.
 */
import { Inflate } from 'fflate';
import { HandoverError, isUnsafePath } from './format.ts';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  /** Uncompressed size as declared by the central directory. */
  size: number;
  /** Offset of the entry's data (after its local header). */
  dataStart: number;
}

export interface ZipLimits {
  maxFiles: number;
  maxTotal: number;
  /** Largest uncompressed size allowed for the entry of this name. */
  maxEntry(name: string): number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_MIN = 22;
const CENTRAL_MIN = 46;
const LOCAL_MIN = 30;
/** Input slice per inflate step: deflate expands at most ~1032:1, so one step yields ≤ ~8 MB. */
const INFLATE_SLICE = 8 * 1024;

const damaged = (detail: string) => new HandoverError('handover.damaged', detail);

class Reader {
  constructor(readonly bytes: Uint8Array) {}
  u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw damaged(`read past end at ${at}`);
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }
  u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) throw damaged(`read past end at ${at}`);
    return (this.u16(at) | (this.u16(at + 2) << 16)) >>> 0;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function findEnd(r: Reader): number {
  const len = r.bytes.length;
  if (len < EOCD_MIN) throw damaged('too short for a zip');
  // The end record must end the file exactly (its comment included): a cut file fails here.
  for (let at = len - EOCD_MIN; at >= Math.max(0, len - EOCD_MIN - 0xffff); at--) {
    if (r.u32(at) === SIG_EOCD && at + EOCD_MIN + r.u16(at + 20) === len) return at;
  }
  throw damaged('no end of central directory');
}

/** List the entries, refusing anything unsafe or over a limit. Inflates nothing. */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const r = new Reader(bytes);
  const end = findEnd(r);
  if (r.u16(end + 4) !== 0 || r.u16(end + 6) !== 0) throw damaged('multi-disk archive');
  const count = r.u16(end + 10);
  if (r.u16(end + 8) !== count) throw damaged('entry counts disagree');
  if (count === 0xffff) throw damaged('zip64 archive');
  if (count > limits.maxFiles) throw new HandoverError('handover.too_many_files', `${count} entries`);
  const cdSize = r.u32(end + 12);
  const cdOffset = r.u32(end + 16);
  if (cdOffset + cdSize !== end) throw damaged('central directory not where the end record says');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_MIN > end || r.u32(at) !== SIG_CENTRAL) throw damaged(`bad central header ${i}`);
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const crc = r.u32(at + 16);
    const compressedSize = r.u32(at + 20);
    const size = r.u32(at + 24);
    const nameLen = r.u16(at + 28);
    const next = at + CENTRAL_MIN + nameLen + r.u16(at + 30) + r.u16(at + 32);
    const localOffset = r.u32(at + 42);
    if (next > end) throw damaged(`central header ${i} runs past the directory`);
    let name: string;
    try {
      name = utf8.decode(bytes.subarray(at + CENTRAL_MIN, at + CENTRAL_MIN + nameLen));
    } catch {
      throw damaged(`entry ${i} name is not UTF-8`);
    }
    if (isUnsafePath(name)) throw new HandoverError('handover.unsafe_path', name);
    if (names.has(name)) throw damaged(`duplicate entry ${name}`);
    names.add(name);
    if (flags & 1) throw damaged(`encrypted entry ${name}`);
    if (method !== 0 && method !== 8) throw damaged(`compression method ${method} in ${name}`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw damaged(`zip64 entry ${name}`);
    }
    if (size > limits.maxEntry(name))
      throw new HandoverError('handover.too_large', `${name} declares ${size} bytes`);
    total += size;
    if (total > limits.maxTotal)
      throw new HandoverError('handover.too_large', `declared total ${total} bytes`);
    if (method === 0 && compressedSize !== size) throw damaged(`stored entry ${name} sizes differ`);
    entries.push({
      name,
      method,
      crc,
      compressedSize,
      size,
      dataStart: localData(r, localOffset, name, method),
    });
    at = next;
  }
  if (at !== end) throw damaged('central directory size disagrees with its entries');
  checkNoOverlap(entries, cdOffset);
  return entries;
}

/** Where the entry's data starts; its local header must agree with the central one. */
function localData(r: Reader, offset: number, name: string, method: number): number {
  if (r.u32(offset) !== SIG_LOCAL) throw damaged(`bad local header for ${name}`);
  const nameLen = r.u16(offset + 26);
  const start = offset + LOCAL_MIN;
  // Compared as bytes: decoding a damaged name would throw a TypeError, not a refusal.
  if (!sameBytes(r.bytes.subarray(start, start + nameLen), new TextEncoder().encode(name))) {
    throw damaged(`local name differs for ${name}`);
  }
  if (r.u16(offset + 8) !== method) throw damaged(`local method differs for ${name}`);
  return start + nameLen + r.u16(offset + 28);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Entries sharing compressed bytes are how "overlapping" zip bombs multiply their output. */
function checkNoOverlap(entries: readonly ZipEntry[], cdOffset: number): void {
  const sorted = [...entries].sort((a, b) => a.dataStart - b.dataStart);
  let prevEnd = 0;
  for (const e of sorted) {
    if (e.dataStart < prevEnd) throw damaged(`entry ${e.name} overlaps another`);
    prevEnd = e.dataStart + e.compressedSize;
    if (prevEnd > cdOffset) throw damaged(`entry ${e.name} runs into the directory`);
  }
}

/** The entry's bytes, inflated under its declared size and checked against its CRC-32. */
export function extractEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const data = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
  const out = e.method === 0 ? data.slice() : inflateBounded(data, e);
  if (crc32(out) !== e.crc) throw damaged(`CRC mismatch in ${e.name}`);
  return out;
}

function inflateBounded(data: Uint8Array, e: ZipEntry): Uint8Array {
  const out = new Uint8Array(e.size);
  let written = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    // The guard on the ACTUAL output: a lying size stops here, before the next slice is inflated.
    if (written + chunk.length > e.size)
      throw new HandoverError('handover.too_large', `${e.name} inflates past its size`);
    out.set(chunk, written);
    written += chunk.length;
    if (final) done = true;
  });
  try {
    for (let at = 0; at < data.length && !done; at += INFLATE_SLICE) {
      const end = Math.min(at + INFLATE_SLICE, data.length);
      inflater.push(data.subarray(at, end), end === data.length);
    }
  } catch (err) {
    if (err instanceof HandoverError) throw err;
    throw damaged(`deflate data of ${e.name}: ${String(err)}`);
  }
  if (!done || written !== e.size) throw damaged(`${e.name} inflated to ${written} of ${e.size} bytes`);
  return out;
}

let CRC_TABLE: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (CRC_TABLE) return CRC_TABLE;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return (CRC_TABLE = t);
}

/** CRC-32 (IEEE, as in zip). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = crcTable();
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
