/**
 * Export speed and memory: the IID, KIPP and recap exports as CSV and XLSX for 10,000 and
 * 50,000 generated entries (~3 KB of Indonesian text each, like a filled IID profile).
 *
 *   npx tsx bench/export.ts            (or: npm run bench -- export)
 *
 * Each case runs in a fresh Node process, so "peak RSS" is that export's own high-water mark
 * (process.resourceUsage().maxRSS), not what earlier cases left behind. The entries are
 * generated lazily, as a database cursor would hand them out; their generation is included in
 * the time. The output is counted and dropped as it streams. "sorted" is the default (rows held
 * once to sort by OPD then nama); "presorted" is the caller-ordered path that holds nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { OPD_KOTA_BLITAR, TAHAPAN, type RecordDoc } from '../src/core/index.ts';
import { exportStream, type ExportFormat, type ExportKind } from '../src/server/export/index.ts';
import { report } from './lib/report.ts';

interface Case {
  kind: ExportKind;
  format: ExportFormat;
  entries: number;
  presorted: boolean;
}

interface Result extends Case {
  ms: number;
  outputMB: number;
  peakRssMB: number;
}

const SENTENCES = [
  'Pelayanan kepada lanjut usia dilakukan langsung di rumah warga oleh pendamping yang terlatih.',
  'Petugas mencatat kebutuhan setiap warga, lalu menyusun jadwal kunjungan bersama puskesmas dan kelurahan.',
  'Inovasi ini lahir dari keluhan keluarga yang kesulitan membawa orang tua ke fasilitas kesehatan.',
  'Monggo, sedaya warga saged nyuwun pitulungan lewat WhatsApp; petugas mbalesi kanthi cepet 🙏.',
  'Setiap bulan hasilnya dievaluasi dalam rapat koordinasi lintas perangkat daerah.',
];

function text(words: number, seed: number): string {
  const out: string[] = [];
  for (let n = 0, i = seed; n < words; i++) {
    const s = SENTENCES[i % SENTENCES.length]!;
    out.push(s);
    n += s.split(' ').length;
  }
  return out.join(' ');
}

/** Entry i; with `ordered` the OPD and nama grow with i, so the stream is already in export order. */
function makeEntry(i: number, ordered: boolean, total: number): RecordDoc {
  const opdIndex = ordered
    ? Math.floor((i * OPD_KOTA_BLITAR.length) / total)
    : (i * 7) % OPD_KOTA_BLITAR.length;
  const opd = ordered ? `OPD ${String(opdIndex).padStart(3, '0')}` : OPD_KOTA_BLITAR[opdIndex]!;
  const no = String(i).padStart(6, '0');
  return {
    table: 'entries',
    id: `0190b000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    fields: {
      nama: ordered ? `Inovasi ${no}` : `SAPA MAS WALI ${(i * 7919) % total}`,
      opd,
      tahapan: TAHAPAN[i % 3]!,
      inisiator: 'OPD',
      jenis: i % 2 ? 'Digital' : 'Non Digital',
      bentuk: 'Inovasi Pelayanan Publik',
      tematik: 'Digitalisasi Layanan Pemerintahan',
      urusanUtama: 'Sosial',
      urusanBeririsan: ['Kesehatan'],
      rancangBangun: text(220, i),
      rbDasarHukum: 'Perwali Kota Blitar tentang pelayanan publik; "SOP" layanan',
      rbCaraKerja: '1. Pendataan\n2. Kunjungan\n3. Evaluasi',
      tujuan: text(40, i + 1),
      manfaat: text(30, i + 2),
      hasil: i % 10 === 0 ? '=HYPERLINK("http://x","klik")' : text(20, i + 3),
      waktuUjiCoba: '2024-03-01',
      waktuPenerapan: i % 3 === 2 ? '2025-01-06' : null,
      anggaran: 'Rp 50.000.000',
      authorName: "Sri'ah",
      kippKelompok: 'Umum',
      kippKategori: 'Pelayanan Publik Responsif Gender',
      sdgs: [3, 10],
      kippRingkasan: text(60, i),
      kippLatarBelakang: text(60, i + 1),
      kippKebaruan: text(40, i + 2),
      kippImplementasi: text(40, i + 3),
      deleted: false,
      mergedInto: null,
    },
    stamps: {},
    bases: {},
  };
}

async function* entries(n: number, ordered: boolean): AsyncGenerator<RecordDoc> {
  for (let i = 0; i < n; i++) yield makeEntry(i, ordered, n);
}

async function runCase(c: Case): Promise<Result> {
  const started = performance.now();
  const x = exportStream(c.kind, c.format, entries(c.entries, c.presorted), { presorted: c.presorted });
  const reader = x.body.getReader();
  let bytes = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    bytes += r.value.byteLength;
  }
  const ms = performance.now() - started;
  return { ...c, ms, outputMB: bytes / 2 ** 20, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

const CASES: Case[] = [];
for (const entries of [10_000, 50_000])
  for (const kind of ['iid', 'kipp', 'recap'] as const)
    for (const format of ['csv', 'xlsx'] as const) CASES.push({ kind, format, entries, presorted: false });
for (const format of ['csv', 'xlsx'] as const)
  CASES.push({ kind: 'iid', format, entries: 50_000, presorted: true });

function table(results: Result[]): string {
  const head = ['kind', 'format', 'entries', 'order', 'ms', 'output MB', 'peak RSS MB'];
  const rows = results.map((r) => [
    r.kind,
    r.format,
    r.entries.toLocaleString('en'),
    r.kind === 'recap' ? '-' : r.presorted ? 'presorted' : 'sorted',
    r.ms.toFixed(0),
    r.outputMB.toFixed(1),
    r.peakRssMB.toFixed(0),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `| ${w.map((n) => '-'.repeat(n)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const child = process.argv.indexOf('--case');
if (child >= 0) {
  const c = JSON.parse(process.argv[child + 1]!) as Case;
  console.log(JSON.stringify(await runCase(c)));
} else {
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const c of CASES) {
    const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--case', JSON.stringify(c)], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (out.status !== 0) throw new Error(`case ${JSON.stringify(c)} failed:\n${out.stderr}`);
    const r = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Result;
    results.push(r);
    console.error(
      `${r.kind}.${r.format} × ${r.entries}${r.presorted ? ' presorted' : ''}: ${r.ms.toFixed(0)} ms`,
    );
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  console.log(
    `\n### Exports (Node ${process.version}, ${cpus().length} CPUs, load average ${load})\n\n${table(results)}\n`,
  );
  console.log(
    'Peak RSS includes Node + tsx (~60–80 MB for an empty script). Time includes generating the entries.',
  );
  report('export', [], { results, loadAverage: loadavg() });
}
