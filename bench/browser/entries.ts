/**
 * Deterministic test entries for the benchmarks: small, valid IID entries (the mandatory core
 * plus two short texts), the size of what a participant types at a workshop. The same seed gives
 * the same entries, so runs compare.
 */
import { BENTUK, JENIS, TAHAPAN, URUSAN, type FieldValue } from '../../src/core/index.ts';

export const OPDS = [
  'Dinas Kesehatan',
  'Dinas Pendidikan',
  'Dinas Kependudukan dan Pencatatan Sipil',
  'Dinas Komunikasi dan Informatika',
  'Dinas Sosial',
  'Badan Perencanaan Pembangunan Daerah',
  'Dinas Perhubungan',
  'Dinas Lingkungan Hidup',
  'Kecamatan Sukamaju',
  'RSUD Kota',
] as const;

export const WORDS = [
  'layanan',
  'antrian',
  'daring',
  'posyandu',
  'sekolah',
  'aplikasi',
  'warga',
  'kelurahan',
  'sampah',
  'bank',
  'jemput',
  'bola',
  'pengaduan',
  'terpadu',
  'desa',
  'digital',
  'kartu',
  'keluarga',
  'stunting',
  'gizi',
  'ibu',
  'anak',
  'umkm',
  'pasar',
  'perizinan',
  'satu',
  'pintu',
  'lansia',
  'disabilitas',
  'air',
  'bersih',
  'transportasi',
  'literasi',
  'perpustakaan',
  'keliling',
] as const;

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(r, WORDS));
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** Fields of entry number `i` (valid for the entries table), authored by `authorId`. */
export function entryFields(i: number, authorId: string, createdAt: number): Record<string, FieldValue> {
  const r = rng(i + 1);
  return {
    nama: `${sentence(r, 3).slice(0, -1)} ${i}`,
    opd: pick(r, OPDS),
    tahapan: pick(r, TAHAPAN),
    jenis: pick(r, JENIS),
    bentuk: pick(r, BENTUK),
    urusanUtama: pick(r, URUSAN),
    tujuan: sentence(r, 14),
    manfaat: sentence(r, 12),
    authorId,
    createdAt,
    deleted: false,
    workshopId: null,
  };
}

/** Search queries over the same vocabulary: one word, a word prefix, two words, a name, none. */
export function queries(n: number, seed = 7): { q: string; tahapan?: string }[] {
  const r = rng(seed);
  const out: { q: string; tahapan?: string }[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    if (kind === 0) out.push({ q: pick(r, WORDS) });
    else if (kind === 1) out.push({ q: pick(r, WORDS).slice(0, 4) });
    else if (kind === 2) out.push({ q: `${pick(r, WORDS)} ${pick(r, WORDS)}` });
    else if (kind === 3) out.push({ q: pick(r, OPDS).split(' ').pop() ?? '', tahapan: pick(r, TAHAPAN) });
    else out.push({ q: '' });
  }
  return out;
}
