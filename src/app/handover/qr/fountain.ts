/**
 * Fountain coding of a payload into QR frames, so that a receiver completes from ANY sufficient
 * set of frames, in any order, without waiting for the loop to come round to a frame it missed.
 *
 * Frames 0..k-1 carry the k fragments as they are (a receiver that misses nothing is done after
 * k frames). Every later frame carries the XOR of a pseudo-random half of the fragments, chosen
 * from its sequence number and the payload hash, so sender and receiver agree with nothing else
 * exchanged. The receiver solves the frames it has as linear equations over GF(2) (Gaussian
 * elimination, done as each frame arrives): it completes once its frames span all k fragments,
 * which with random halves is k frames plus one or two on average, whichever frames were lost.
 * Pure and synchronous apart from the final hash check.
 */
import { sha256 } from '../../crypto/sha256.ts';
import { HandoverError } from '../format.ts';
import {
  MAX_PAYLOAD_BYTES,
  decodeFrame,
  encodeFrame,
  fragmentCount,
  fragmentLength,
  type Frame,
  type FrameHeader,
} from './frames.ts';

const toHex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** Mulberry32: a tiny, well-mixed 32-bit PRNG; the same on every device. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Which fragments frame `seq` carries, as a bit set of k bits (32 to a word). */
export function mixOf(seq: number, fragments: number, hash: string): Uint32Array {
  const words = new Uint32Array(Math.ceil(fragments / 32));
  if (seq < fragments) {
    words[seq >>> 5]! |= 1 << (seq & 31);
    return words;
  }
  const next = prng(parseInt(hash.slice(0, 8), 16) ^ Math.imul(seq, 0x9e3779b1));
  let any = false;
  for (let i = 0; i < fragments; i++) {
    if (next() & 0x80000000) {
      words[i >>> 5]! |= 1 << (i & 31);
      any = true;
    }
  }
  if (!any) words[(seq % fragments) >>> 5]! |= 1 << ((seq % fragments) & 31);
  return words;
}

/** An encoded payload: its header and a way to draw frame `seq` (any of 2^32). */
export interface FrameSource extends FrameHeader {
  frame(seq: number): string;
}

export async function encodePayload(payload: Uint8Array): Promise<FrameSource> {
  if (payload.length < 1 || payload.length > MAX_PAYLOAD_BYTES)
    throw new HandoverError('handover.qr_too_large', `payload of ${payload.length} bytes`);
  const length = payload.length;
  const fragments = fragmentCount(length);
  const hash = toHex((await sha256(payload)).subarray(0, 16));
  const size = fragmentLength({ fragments, length });
  const padded = new Uint8Array(fragments * size);
  padded.set(payload);
  const frag = (i: number) => padded.subarray(i * size, (i + 1) * size);
  return {
    fragments,
    length,
    hash,
    frame(seq: number): string {
      const mix = mixOf(seq, fragments, hash);
      const data = new Uint8Array(size);
      for (let i = 0; i < fragments; i++) {
        if (!(mix[i >>> 5]! & (1 << (i & 31)))) continue;
        const f = frag(i);
        for (let j = 0; j < size; j++) data[j]! ^= f[j]!;
      }
      return encodeFrame({ fragments, length, hash, seq, data });
    },
  };
}

/**
 * The order a sender shows frames in, for the i-th picture of its loop: the k plain fragments,
 * then as many fresh mixed frames, then the plain ones again and new mixed ones, and so on.
 * Plain frames let a receiver that sees everything finish in k; fresh mixed ones mean a frame
 * missed in one round is never needed again.
 */
export function sequenceAt(i: number, fragments: number): number {
  if (fragments === 1) return 0;
  const round = Math.floor(i / (2 * fragments));
  const pos = i % (2 * fragments);
  return pos < fragments ? pos : fragments + round * fragments + (pos - fragments);
}

/** What one scanned text did to a transfer. */
export type AddResult =
  | { kind: 'foreign' }
  | { kind: 'malformed' }
  /** A valid frame of another transfer than the one under way (another phone in view). */
  | { kind: 'other' }
  | { kind: 'duplicate' }
  | { kind: 'progress'; have: number; need: number };

interface Row {
  bits: Uint32Array;
  data: Uint8Array;
}

const lowestBit = (bits: Uint32Array): number => {
  for (let w = 0; w < bits.length; w++) {
    const x = bits[w]!;
    if (x !== 0) return w * 32 + (31 - Math.clz32(x & -x));
  }
  return -1;
};

/** The receiving side of one transfer: locks on the first valid frame, then gathers. */
export class FrameAssembler {
  #header: FrameHeader | null = null;
  #rows = new Map<number, Row>();
  #seen = new Set<number>();

  get header(): FrameHeader | null {
    return this.#header;
  }
  /** Fragments known so far (the rank of the frames held). */
  get have(): number {
    return this.#rows.size;
  }
  get need(): number {
    return this.#header?.fragments ?? 0;
  }
  get complete(): boolean {
    return this.#header !== null && this.#rows.size === this.#header.fragments;
  }

  add(text: string): AddResult {
    const f = decodeFrame(text);
    if (f === 'foreign' || f === 'malformed') return { kind: f };
    const h = this.#header;
    if (h && (h.hash !== f.hash || h.length !== f.length || h.fragments !== f.fragments))
      return { kind: 'other' };
    if (!h) this.#header = { fragments: f.fragments, length: f.length, hash: f.hash };
    if (this.complete || this.#seen.has(f.seq)) return { kind: 'duplicate' };
    this.#seen.add(f.seq);
    this.#insert(f);
    return { kind: 'progress', have: this.have, need: this.need };
  }

  /** Reduce the frame by the rows held; keep it if it tells something new. */
  #insert(f: Frame): void {
    const bits = mixOf(f.seq, f.fragments, f.hash);
    const data = f.data.slice();
    for (;;) {
      const p = lowestBit(bits);
      if (p < 0) return;
      const row = this.#rows.get(p);
      if (!row) {
        this.#rows.set(p, { bits, data });
        return;
      }
      for (let w = 0; w < bits.length; w++) bits[w]! ^= row.bits[w]!;
      for (let j = 0; j < data.length; j++) data[j]! ^= row.data[j]!;
    }
  }

  /**
   * The payload, once complete, checked against the hash every frame carried. A mismatch (a
   * forged or damaged frame) throws `handover.qr_hash` and starts the transfer over.
   */
  async payload(): Promise<Uint8Array> {
    const h = this.#header;
    if (!h || !this.complete) throw new HandoverError('handover.qr_incomplete', `${this.have}/${this.need}`);
    const size = fragmentLength(h);
    const solved: Uint8Array[] = new Array<Uint8Array>(h.fragments);
    // Rows are upper-triangular by their lowest bit: solve from the last fragment back.
    for (let p = h.fragments - 1; p >= 0; p--) {
      const row = this.#rows.get(p)!;
      const data = row.data.slice();
      for (let q = p + 1; q < h.fragments; q++) {
        if (!(row.bits[q >>> 5]! & (1 << (q & 31)))) continue;
        const s = solved[q]!;
        for (let j = 0; j < size; j++) data[j]! ^= s[j]!;
      }
      solved[p] = data;
    }
    const out = new Uint8Array(h.length);
    for (let p = 0; p < h.fragments; p++)
      out.set(solved[p]!.subarray(0, Math.min(size, h.length - p * size)), p * size);
    if (toHex((await sha256(out)).subarray(0, 16)) !== h.hash) {
      this.reset();
      throw new HandoverError('handover.qr_hash', h.hash);
    }
    return out;
  }

  reset(): void {
    this.#header = null;
    this.#rows.clear();
    this.#seen.clear();
  }
}
