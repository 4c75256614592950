/**
 * The IID evidence indicators of one innovation (satuan inovasi daerah), as data: the one place
 * the product keeps their names, levels, weights (bobot), evidence and which are mandatory
 * (../shared/DOMAIN.md "IID indicators of one innovation"). They change every year: edit this
 * table, not the code that reads it.
 *
 * Source and confidence: the 2023 weights (Σ bobot 37, one innovation at most 111) and the
 * five mandatory indicators as DOMAIN.md gives them; the level texts are the 2023 options
 * (DOMAIN.md marks levels and weights as transcribed from third-party copies of the IID
 * application: treat them as editable data). The 2026 transcription keeps the same weights.
 *
 * Score of one indicator = bobot × level (level 1, 2 or 3); no level chosen, or no evidence
 * (the IID rejects a claim without its bukti dukung), gives 0. The innovation's estimate is the
 * sum (indicatorEstimate), shown with its formula so the office can check it by hand.
 *
 * "Siap diunggah ke IID" (readyForIidUpload) = the profile is complete (readiness.ts), every
 * mandatory indicator has a level and evidence, and the uploads of IID_UPLOADS are there.
 */
import { iidChecklist } from './readiness.ts';
import type { FieldValue } from './record.ts';

export const IID_INDICATOR_YEAR = 2023;

/** What a piece of evidence may be: a document, a picture, or (kualitas inovasi) a video link. */
export type EvidenceKind = 'pdf' | 'image' | 'video';

export interface IidIndicator {
  /** Stable key, stored with the innovation's choices. */
  key: string;
  /** Number among the 20 (IID indicator number minus 15). */
  no: number;
  name: string;
  /** The three options, level 1 · 2 · 3. */
  levels: readonly [string, string, string];
  bobot: number;
  wajib: boolean;
  /** What the IID accepts as bukti dukung. */
  evidence: string;
  evidenceKinds: readonly EvidenceKind[];
}

const DOC: readonly EvidenceKind[] = ['pdf'];
const PIC: readonly EvidenceKind[] = ['pdf', 'image'];

export const IID_INDICATORS: readonly IidIndicator[] = [
  {
    key: 'regulasi',
    no: 1,
    name: 'Regulasi Inovasi Daerah',
    levels: ['SK Kepala Perangkat Daerah', 'SK Kepala Daerah', 'Perkada atau Perda'],
    bobot: 3,
    wajib: true,
    evidence: 'Halaman pertama regulasi dan halaman yang menyebut inovasi ini',
    evidenceKinds: DOC,
  },
  {
    key: 'sdm',
    no: 2,
    name: 'Ketersediaan SDM terhadap inovasi daerah',
    levels: ['1–10 SDM', '11–30 SDM', 'Lebih dari 30 SDM'],
    bobot: 2,
    wajib: true,
    evidence: 'SK atau surat tugas dari Kepala Daerah atau Kepala Perangkat Daerah',
    evidenceKinds: DOC,
  },
  {
    key: 'anggaran',
    no: 3,
    name: 'Dukungan Anggaran',
    levels: ['Hanya T-0', 'T-1 atau T-2', 'T-0, T-1, dan T-2'],
    bobot: 2,
    wajib: false,
    evidence: 'Halaman dokumen anggaran yang memuat program/kegiatan inovasi',
    evidenceKinds: DOC,
  },
  {
    key: 'alatKerja',
    no: 4,
    name: 'Penggunaan IT (alat kerja)',
    levels: ['Manual / non-elektronik', 'Sarana elektronik (mis. EDC, telepon)', 'Sistem informasi daring'],
    bobot: 2,
    wajib: false,
    evidence: 'Foto kegiatan atau tangkapan layar',
    evidenceKinds: PIC,
  },
  {
    key: 'bimtek',
    no: 5,
    name: 'Bimtek Inovasi',
    levels: ['1 kali transfer pengetahuan', '2 kali bimtek', 'Lebih dari 2 kali'],
    bobot: 1,
    wajib: false,
    evidence: 'SK kegiatan, surat tugas, atau undangan dengan daftar hadir',
    evidenceKinds: DOC,
  },
  {
    key: 'rkpd',
    no: 6,
    name: 'Integrasi program dan kegiatan inovasi dalam RKPD',
    levels: ['RKPD T-1 atau T-2', 'RKPD T-1 dan T-2', 'RKPD T-1, T-2, dan T-0'],
    bobot: 2,
    wajib: false,
    evidence: 'Bab/halaman RKPD yang memuat inovasi, ditandai',
    evidenceKinds: DOC,
  },
  {
    key: 'aktor',
    no: 7,
    name: 'Keterlibatan aktor inovasi',
    levels: ['3 aktor', '4 aktor', '5 aktor atau lebih'],
    bobot: 1,
    wajib: false,
    evidence: 'SK atau undangan rapat yang menyebut para aktor',
    evidenceKinds: DOC,
  },
  {
    key: 'pelaksana',
    no: 8,
    name: 'Pelaksana inovasi daerah',
    levels: ['Tim tanpa SK', 'SK Kepala Perangkat Daerah', 'SK Kepala Daerah'],
    bobot: 1,
    wajib: false,
    evidence: 'SK atau surat penugasan tim pelaksana',
    evidenceKinds: DOC,
  },
  {
    key: 'jejaring',
    no: 9,
    name: 'Jejaring inovasi',
    levels: ['1–2 perangkat daerah', '3–4 perangkat daerah', '5 perangkat daerah atau lebih'],
    bobot: 1,
    wajib: false,
    evidence: 'SK/surat tugas tim yang menyebut perangkat daerah',
    evidenceKinds: DOC,
  },
  {
    key: 'sosialisasi',
    no: 10,
    name: 'Sosialisasi inovasi daerah',
    levels: ['Foto kegiatan dengan spanduk inovasi', 'Konten media sosial', 'Pemberitaan media'],
    bobot: 1,
    wajib: false,
    evidence: 'Foto, tangkapan layar unggahan, atau kliping berita',
    evidenceKinds: PIC,
  },
  {
    key: 'pedoman',
    no: 11,
    name: 'Pedoman teknis',
    levels: ['Pedoman tercetak', 'Buku elektronik', 'Buku yang dapat dibaca daring'],
    bobot: 1,
    wajib: false,
    evidence: 'Berkas pedoman atau tangkapan layarnya',
    evidenceKinds: PIC,
  },
  {
    key: 'informasi',
    no: 12,
    name: 'Kemudahan informasi layanan',
    levels: ['Telepon atau tatap muka', 'Email atau media sosial', 'Aplikasi daring'],
    bobot: 1,
    wajib: false,
    evidence: 'Tangkapan layar, satu untuk setiap kanal',
    evidenceKinds: PIC,
  },
  {
    key: 'proses',
    no: 13,
    name: 'Kemudahan proses inovasi yang dihasilkan',
    levels: ['6 hari atau lebih', '2–5 hari', '1 hari'],
    bobot: 2,
    wajib: false,
    evidence: 'SOP bertanda tangan dengan langkah dan waktu layanan',
    evidenceKinds: DOC,
  },
  {
    key: 'pengaduan',
    no: 14,
    name: 'Penyelesaian layanan pengaduan',
    levels: ['≤ 40% atau tidak ada pengaduan', '40,01–70,99%', '≥ 71%'],
    bobot: 1,
    wajib: false,
    evidence: 'Tangkapan layar kanal pengaduan dan rekap rasionya',
    evidenceKinds: PIC,
  },
  {
    key: 'layananTerintegrasi',
    no: 15,
    name: 'Online sistem (layanan terintegrasi)',
    levels: ['Situs web atau media sosial', 'Aplikasi web', 'Aplikasi web dan aplikasi seluler'],
    bobot: 2,
    wajib: false,
    evidence: 'Tangkapan layar halaman depan dan alur layanan',
    evidenceKinds: PIC,
  },
  {
    key: 'replikasi',
    no: 16,
    name: 'Replikasi',
    levels: ['Direplikasi 1 kali', 'Direplikasi 2 kali', 'Direplikasi 3 kali'],
    bobot: 3,
    wajib: false,
    evidence: 'PKS/MoU atau surat pernyataan Pemda yang mereplikasi',
    evidenceKinds: DOC,
  },
  {
    key: 'kecepatan',
    no: 17,
    name: 'Kecepatan penciptaan inovasi',
    levels: ['9 bulan atau lebih', '5–8 bulan', '1–4 bulan'],
    bobot: 2,
    wajib: true,
    evidence: 'Proposal atau laporan yang menunjukkan tahapan dan lamanya',
    evidenceKinds: DOC,
  },
  {
    key: 'kemanfaatan',
    no: 18,
    name: 'Kemanfaatan inovasi',
    levels: ['1–100 penerima manfaat', '101–200 penerima manfaat', '201 atau lebih'],
    bobot: 3,
    wajib: true,
    evidence: 'Daftar penerima manfaat atau tangkapan layar jumlah pengguna',
    evidenceKinds: PIC,
  },
  {
    key: 'monev',
    no: 19,
    name: 'Monitoring dan evaluasi inovasi daerah',
    levels: ['Laporan monev internal', 'Hasil Survei Kepuasan Masyarakat', 'Monev eksternal (riset/kajian)'],
    bobot: 2,
    wajib: false,
    evidence: 'Laporan, atau tangkapan layar testimoni pengguna',
    evidenceKinds: PIC,
  },
  {
    key: 'kualitas',
    no: 20,
    name: 'Kualitas inovasi daerah (video)',
    levels: ['Video memuat 1–2 substansi', 'Video memuat 3–4 substansi', 'Video memuat kelima substansi'],
    bobot: 4,
    wajib: true,
    evidence: 'Video ≤ 5 menit atau tautan Google Drive/YouTube',
    evidenceKinds: ['video'],
  },
];

/** Uploads the IID asks for beside the indicators (DOMAIN.md profile item 7). */
export const IID_UPLOADS = ['anggaran', 'profilBisnis', 'haki', 'penghargaan'] as const;
export type IidUpload = (typeof IID_UPLOADS)[number];

/** What an innovation claims for one indicator. */
export interface IndicatorClaim {
  /** 1, 2 or 3; null when not chosen yet. */
  level: 1 | 2 | 3 | null;
  /** At least one evidence file (or link) is attached. */
  hasEvidence: boolean;
}

export interface EstimateLine {
  key: string;
  bobot: number;
  level: 0 | 1 | 2 | 3;
  points: number;
}

export interface Estimate {
  score: number;
  max: number;
  lines: EstimateLine[];
  /** "3×3 + 2×2 + … = 27 dari 111": the sum written out, for the office to check. */
  formula: string;
}

export const IID_MAX_SCORE = IID_INDICATORS.reduce((n, i) => n + 3 * i.bobot, 0);

/** Points of one indicator: bobot × level, 0 without a level or without evidence. */
export function indicatorPoints(ind: IidIndicator, claim: IndicatorClaim | undefined): number {
  if (!claim || claim.level === null || !claim.hasEvidence) return 0;
  return ind.bobot * claim.level;
}

/** The innovation's estimated score from its claims (keys of IID_INDICATORS). */
export function indicatorEstimate(claims: Readonly<Record<string, IndicatorClaim | undefined>>): Estimate {
  const lines = IID_INDICATORS.map((ind) => {
    const points = indicatorPoints(ind, claims[ind.key]);
    return { key: ind.key, bobot: ind.bobot, level: (points / ind.bobot) as 0 | 1 | 2 | 3, points };
  });
  const score = lines.reduce((n, l) => n + l.points, 0);
  const terms = lines.filter((l) => l.points > 0).map((l) => `${l.bobot}×${l.level}`);
  const formula = `${terms.length ? terms.join(' + ') : '0'} = ${score} dari ${IID_MAX_SCORE}`;
  return { score, max: IID_MAX_SCORE, lines, formula };
}

/** Mandatory indicators still without a level or without evidence, in table order. */
export function mandatoryIndicatorsMissing(
  claims: Readonly<Record<string, IndicatorClaim | undefined>>,
): string[] {
  return IID_INDICATORS.filter((i) => i.wajib && indicatorPoints(i, claims[i.key]) === 0).map((i) => i.key);
}

export interface UploadReadiness {
  ready: boolean;
  profileMissing: number;
  indicatorsMissing: string[];
  uploadsMissing: IidUpload[];
}

/** "Siap diunggah ke IID": profile complete, mandatory indicators claimed with evidence, uploads there. */
export function readyForIidUpload(
  fields: Readonly<Record<string, FieldValue | undefined>>,
  claims: Readonly<Record<string, IndicatorClaim | undefined>>,
  uploads: ReadonlySet<string>,
): UploadReadiness {
  const profileMissing = iidChecklist(fields).missing.length;
  const indicatorsMissing = mandatoryIndicatorsMissing(claims);
  const uploadsMissing = IID_UPLOADS.filter((u) => !uploads.has(u));
  return {
    ready: profileMissing === 0 && indicatorsMissing.length === 0 && uploadsMissing.length === 0,
    profileMissing,
    indicatorsMissing,
    uploadsMissing,
  };
}
