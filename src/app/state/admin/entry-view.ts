/**
 * What the admin's entry page shows, and how: every field of the entry (rancang
 * bangun and its parts, urusan beririsan, anggaran, SDGs and the KIPP texts included), in
 * the IID profile's order then the KIPP proposal's, each value as a person reads it (dates
 * dd/mm/yyyy, SDGs by name), and the timeline's details with labels instead of field keys and
 * status codes. Pure: labels come in as functions, so tests run it without a screen.
 */
import { KIPP_SECTIONS, RANCANG_BANGUN_PARTS } from '../../../core/entry-fields.ts';
import { TPB } from '../../../core/picklists.ts';
import type { FieldValue } from '../../../core/record.ts';
import { isoToDmy } from '../../../core/text.ts';

/** Every field of an entry a person filled or that says who did, in reading order. */
export const ENTRY_VIEW_FIELDS = [
  'opd',
  'cpNama',
  'cpWhatsapp',
  'tahapan',
  'inisiator',
  'namaInisiator',
  'jenis',
  'bentuk',
  'tematik',
  'urusanUtama',
  'urusanBeririsan',
  'waktuInisiasi',
  'waktuUjiCoba',
  'waktuPenerapan',
  'rancangBangun',
  ...RANCANG_BANGUN_PARTS,
  'tujuan',
  'manfaat',
  'hasil',
  'anggaran',
  'kippKelompok',
  'kippKategori',
  'kippAsalReplikasi',
  'kippVideo',
  'sdgs',
  ...KIPP_SECTIONS.map((s) => s.key),
  'tahunLaporan',
  'dibawaDariTahun',
  'iidDiunggah',
  'iidTahun',
  'authorName',
  'enteredBy',
  'createdAt',
] as const;

/** Fields holding a yyyy-mm-dd date. */
const DATE_FIELDS = new Set(['waktuInisiasi', 'waktuUjiCoba', 'waktuPenerapan', 'iidDiunggah']);

export interface ViewLabels {
  field: (key: string) => string;
  status: (code: string) => string;
  date: (ms: number) => string;
}

/** One value as a person reads it; '—' when empty. */
export function shownValue(
  field: string,
  v: FieldValue | undefined,
  labels: Pick<ViewLabels, 'date'>,
): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (field === 'createdAt' && typeof v === 'number') return labels.date(v);
  if (field === 'sdgs' && Array.isArray(v))
    return v
      .filter((n): n is number => typeof n === 'number' && n >= 1 && n <= 17)
      .sort((a, b) => a - b)
      .map((n) => `${n}. ${TPB[n - 1]}`)
      .join('; ');
  if (typeof v === 'string' && DATE_FIELDS.has(field)) return isoToDmy(v);
  if (Array.isArray(v)) return v.join('; ');
  return String(v);
}

/** A timeline event's details (server's admin/timeline.ts) for people: "Waktu uji coba · 17/08/2026",
 * "Perlu dilengkapi", "Inisiatif → Uji Coba". */
export function timelineDetail(ev: Record<string, unknown>, labels: ViewLabels): string {
  const parts: string[] = [];
  const str = (k: string) => (typeof ev[k] === 'string' && ev[k] !== '' ? (ev[k] as string) : null);
  const from = str('from');
  const to = str('to');
  if (from && to) parts.push(`${from} → ${to}`);
  else if (to) parts.push(to);
  const field = str('field');
  if (field) {
    parts.push(labels.field(field));
    const value = ev.value;
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value))
      parts.push(shownValue(field, value as FieldValue, labels));
  }
  const status = str('status');
  if (status) parts.push(labels.status(status));
  const text = str('text');
  if (text) parts.push(text);
  return parts.join(' · ');
}
