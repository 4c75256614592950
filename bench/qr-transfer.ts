/**
 * Hand-over by camera (issue 24): how many QR frames and seconds it takes to move 1, 5 and 20
 * typical entries (an IID profile with ~3 KB of Indonesian text, a photo record, a review), at
 * the sender's 5 pictures a second, with no frame lost and with 30 % lost at random; the
 * receiver's CPU per picture (jsQR reading a 640×480 camera picture, then the frame assembly);
 * beside the size of the same records as a .lumbung file.
 *
 *   npx tsx bench/qr-transfer.ts            (or: npm run bench -- qr-transfer)
 *
 * Pure Node: the codec and jsQR are the app's own; the camera picture is drawn from
 * qrcode-generator's modules as the send screen draws them. 30 % loss: 200 runs, each losing
 * every picture with probability 0.3; the table gives the median and the 95th percentile.
 */
import jsQR from 'jsqr';
import qrcode from 'qrcode-generator';
import { buildHandover } from '../src/app/handover/build.ts';
import { FrameAssembler, encodePayload, sequenceAt } from '../src/app/handover/qr/fountain.ts';
import { TAHAPAN, type RecordDoc } from '../src/core/index.ts';
import { median, percentile, report, type Row } from './lib/report.ts';

const FPS = 5;
const PHOTO_BYTES = 250 * 1024;
/** Words of an IID profile, drawn at random: repeated sentences would deflate far better than
 * real text does (real profiles deflate about 3:1, as this does). */
const WORDS = (
  'pelayanan warga lanjut usia rumah pendamping terlatih petugas mencatat kebutuhan jadwal kunjungan ' +
  'puskesmas kelurahan inovasi keluhan keluarga kesulitan fasilitas kesehatan bulan evaluasi rapat ' +
  'koordinasi perangkat daerah aplikasi data laporan anggaran desa kecamatan sekolah pasar sampah ' +
  'posyandu balita gizi air bersih jalan lampu izin usaha pajak retribusi antrean daring formulir ' +
  'dinas sosial pendidikan pertanian pupuk bibit nelayan ikan pariwisata budaya perpustakaan digital ' +
  'cepat mudah murah transparan akuntabel terpadu berkelanjutan mandiri partisipatif 2024 2025 12 30'
).split(' ');
const text = (words: number, seed: number): string => {
  const rnd = mulberry(seed * 7919 + 1);
  const out: string[] = [];
  for (let n = 0; n < words; n++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
  return out.join(' ') + '.';
};

function doc(table: RecordDoc['table'], id: string, fields: RecordDoc['fields'], i: number): RecordDoc {
  const stamp = `${(1_796_000_000_000 + i * 1000).toString(36)}-0000-dev${i % 7}`;
  const names = Object.keys(fields);
  return {
    table,
    id,
    fields,
    stamps: Object.fromEntries(names.map((f) => [f, stamp])),
    bases: Object.fromEntries(names.map((f) => [f, null])),
  };
}

function entries(n: number): RecordDoc[] {
  const out: RecordDoc[] = [];
  for (let i = 0; i < n; i++) {
    const id = `01J${String(i).padStart(23, '0')}`;
    out.push(
      doc(
        'entries',
        id,
        {
          nama: `SAPA MAS WALI ${i}`,
          opd: 'Dinas Kesehatan',
          tahapan: TAHAPAN[i % TAHAPAN.length]!,
          workshopId: 'ws-1',
          authorId: `p-${i}`,
          authorName: `Peserta ${i}`,
          tujuan: text(60, i * 10),
          manfaat: text(60, i * 10 + 1),
          hasil: text(60, i * 10 + 2),
          rancangBangun: text(250, i * 10 + 3),
          createdAt: 1_796_000_000_000,
          deleted: false,
        },
        i,
      ),
      doc(
        'attachments',
        `a-${id}`,
        {
          entryId: id,
          sha256: 'ab'.repeat(32),
          mime: 'image/jpeg',
          width: 1600,
          height: 1200,
          size: PHOTO_BYTES,
        },
        i,
      ),
      doc('reviews', `r-${id}`, { entryId: id, status: 'baru', notes: 'Lengkapi data dukung.' }, i),
    );
  }
  return out;
}

/** A camera picture: the frame's code drawn as the send screen draws it, in a 640×480 view. */
function picture(textOfFrame: string): { data: Uint8ClampedArray; w: number; h: number } {
  const qr = qrcode(0, 'L');
  qr.addData(textOfFrame, 'Alphanumeric');
  qr.make();
  const n = qr.getModuleCount();
  const [w, h] = [640, 480];
  const scale = Math.floor((h - 40) / (n + 8));
  const x0 = Math.floor((w - (n + 8) * scale) / 2) + 4 * scale;
  const y0 = 20 + 4 * scale;
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const p = ((y0 + r * scale + dy) * w + x0 + c * scale + dx) * 4;
          data[p] = data[p + 1] = data[p + 2] = 0;
        }
    }
  return { data, w, h };
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Pictures the sender shows until the receiver completes, losing each with probability `loss`. */
function picturesUntilDone(frame: (seq: number) => string, k: number, loss: number, seed: number): number {
  const rnd = mulberry(seed);
  const rx = new FrameAssembler();
  for (let i = 0; ; i++) {
    if (rnd() >= loss) rx.add(frame(sequenceAt(i, k)));
    if (rx.complete) return i + 1;
  }
}

const rows: Row[] = [];
const cpuRows: Row[] = [];
for (const n of [1, 5, 20]) {
  const records = entries(n);
  const photo = new Uint8Array(PHOTO_BYTES).map((_, i) => (i * 31) & 0xff);
  const withPhotos = await buildHandover({
    records,
    photos: [],
    deviceId: 'bench',
    now: 1_796_000_000_000,
  });
  const payload = withPhotos.bytes;
  const source = await encodePayload(payload);
  const k = source.fragments;
  const lossless = picturesUntilDone(source.frame, k, 0, 1);
  const lossy = Array.from({ length: 200 }, (_, s) => picturesUntilDone(source.frame, k, 0.3, s + 1));
  const fileBytes = payload.length + n * (photo.length + 120);
  rows.push(
    {
      metric: `${n} entries: QR payload (.lumbung without photos)`,
      value: payload.length / 1024,
      unit: 'KB',
      decimals: 1,
    },
    {
      metric: `${n} entries: .lumbung file with one 250 KB photo each`,
      value: fileBytes / 1024,
      unit: 'KB',
      decimals: 0,
    },
    { metric: `${n} entries: parts (k)`, value: k, unit: 'frames', decimals: 0 },
    { metric: `${n} entries: 0 % lost`, value: `${lossless} frames, ${(lossless / FPS).toFixed(1)} s` },
    {
      metric: `${n} entries: 30 % lost (median / p95)`,
      value: `${median(lossy)} / ${percentile(lossy, 95)} frames, ${(median(lossy) / FPS).toFixed(1)} / ${(percentile(lossy, 95) / FPS).toFixed(1)} s`,
    },
  );
  if (n === 20) {
    const pics = Array.from({ length: 30 }, (_, i) => picture(source.frame(k + i)));
    const decodeMs: number[] = [];
    const texts: string[] = [];
    for (const p of pics) {
      const t0 = performance.now();
      const code = jsQR(p.data, p.w, p.h, { inversionAttempts: 'dontInvert' });
      decodeMs.push(performance.now() - t0);
      if (code) texts.push(code.data);
    }
    const rx = new FrameAssembler();
    const addMs: number[] = [];
    for (let i = 0; i < k + 20 && !rx.complete; i++) {
      const f = source.frame(sequenceAt(i, k) + k);
      const t0 = performance.now();
      rx.add(f);
      addMs.push(performance.now() - t0);
    }
    cpuRows.push(
      { metric: 'jsQR, one 640×480 picture (median)', value: median(decodeMs), unit: 'ms', decimals: 1 },
      { metric: 'jsQR, one 640×480 picture (p95)', value: percentile(decodeMs, 95), unit: 'ms', decimals: 1 },
      {
        metric: 'pictures read correctly',
        value: `${texts.filter((t, i) => t === source.frame(k + i)).length} of ${pics.length}`,
      },
      {
        metric: `frame assembly (GF(2) elimination), k = ${k} (median)`,
        value: median(addMs),
        unit: 'ms',
        decimals: 2,
      },
    );
  }
}

report('qr-transfer', [
  {
    title: `Frames and seconds at ${FPS} pictures a second`,
    rows,
    notes: [
      'A receiver that misses nothing completes after k pictures; a lost one is replaced by any later mixed frame, never waited for.',
    ],
  },
  {
    title: 'Receiver CPU per picture (this machine, Node; a phone with BarcodeDetector decodes natively)',
    rows: cpuRows,
  },
]);
