/**
 * One QR frame of a hand-over by camera: the text `LBQ1:` + base45 of
 *   [version u8][fragments k u16][payload length u32][sequence u32][payload hash 16 bytes][data].
 * Every frame carries the whole transfer's shape and hash, so a receiver can start at any frame
 * and tell frames of another phone's transfer apart. Parsing is strict and bounded: a frame of
 * the wrong size or shape is refused before anything is allocated for it.
 */
import { fromBase45, toBase45 } from './base45.ts';

export const FRAME_PREFIX = 'LBQ1:';
export const FRAME_VERSION = 1;
const HEADER_BYTES = 1 + 2 + 4 + 4 + 16;

/** Data bytes of one animated frame: about a version-10 QR code at error correction L (57
 * modules), which a phone camera reads from a phone screen at arm's length. */
export const FRAGMENT_BYTES = 200;
/** Up to this many payload bytes go into one still QR code (nothing to animate). */
export const MAX_STATIC_BYTES = 360;
/** The largest payload a receiver accepts (compressed). Bounded before anything is decompressed;
 * about 20 typical entries, some 330 frames. More than that is what the file is for. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** The longest text a frame can be: a longer scan is refused before it is decoded. */
export const MAX_FRAME_CHARS =
  FRAME_PREFIX.length + Math.ceil(((HEADER_BYTES + MAX_STATIC_BYTES) * 3) / 2) + 1;

export interface FrameHeader {
  /** Number of source fragments (k). */
  fragments: number;
  /** Payload length in bytes, before the last fragment's padding. */
  length: number;
  /** First 16 bytes of the payload's SHA-256, as hex: the transfer's identity and its check. */
  hash: string;
}

export interface Frame extends FrameHeader {
  seq: number;
  data: Uint8Array;
}

/** How many fragments a payload of `length` bytes is cut into. */
export function fragmentCount(length: number): number {
  return length <= MAX_STATIC_BYTES ? 1 : Math.ceil(length / FRAGMENT_BYTES);
}

export const fragmentLength = (h: Pick<FrameHeader, 'fragments' | 'length'>): number =>
  Math.ceil(h.length / h.fragments);

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

export function encodeFrame(f: Frame): string {
  const out = new Uint8Array(HEADER_BYTES + f.data.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, FRAME_VERSION);
  v.setUint16(1, f.fragments);
  v.setUint32(3, f.length);
  v.setUint32(7, f.seq);
  for (let i = 0; i < 16; i++) out[11 + i] = parseInt(f.hash.slice(i * 2, i * 2 + 2), 16);
  out.set(f.data, HEADER_BYTES);
  return FRAME_PREFIX + toBase45(out);
}

/** Why a scanned text is not a usable frame. */
export type FrameRefusal = 'foreign' | 'malformed';

/** The frame, or why not: 'foreign' for any QR code that is not a hand-over frame (a join code,
 * a web address), 'malformed' for one that claims to be but breaks the format or its bounds. */
export function decodeFrame(text: string): Frame | FrameRefusal {
  if (!text.startsWith(FRAME_PREFIX)) return 'foreign';
  if (text.length > MAX_FRAME_CHARS) return 'malformed';
  const bytes = fromBase45(text.slice(FRAME_PREFIX.length));
  if (!bytes || bytes.length <= HEADER_BYTES) return 'malformed';
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint8(0) !== FRAME_VERSION) return 'malformed';
  const fragments = v.getUint16(1);
  const length = v.getUint32(3);
  const seq = v.getUint32(7);
  if (length < 1 || length > MAX_PAYLOAD_BYTES) return 'malformed';
  if (fragments !== fragmentCount(length)) return 'malformed';
  const data = bytes.slice(HEADER_BYTES);
  if (data.length !== fragmentLength({ fragments, length })) return 'malformed';
  return { fragments, length, seq, hash: hex(bytes.subarray(11, HEADER_BYTES)), data };
}
