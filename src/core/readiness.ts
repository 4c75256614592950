/**
 * Readiness of one entry for the two national systems (DOMAIN.md): what the IID profile of
 * Kemendagri and the KIPP proposal of KemenPAN-RB still miss. Pure: the admin screen, the
 * follow-up timeline and the server all call it on the same field values.
 *
 * IID profile: the profile fields in form order must be filled; "rancang bangun dan pokok
 * perubahan" (the main text plus its sub-parts, counted together, headings not counted) needs at
 * least RANCANG_BANGUN_MIN_WORDS words; the stage decides which date is needed (Uji Coba needs
 * waktuUjiCoba, Penerapan needs waktuPenerapan — an innovation may reach penerapan as a
 * replication without a trial of its own, so the trial date is not demanded there), and the dates
 * that are there must be in order (inisiasi ≤ uji coba ≤ penerapan) and none after the current
 * year; tujuan,
 * manfaat and hasil are long texts that must be there. Anggaran and the 20 evidence indicators
 * are uploads of later follow-up, not part of this checklist.
 *
 * KIPP proposal: kelompok and kategori chosen (and, for kelompok Replikasi, the origin of the
 * innovation replicated), the video link, at least one SDG (TPB), and every section of
 * KIPP_SECTIONS (Adaptabilitas counts as its two parts) filled and within its word limit.
 */
import { historyDateIssues } from './entry.ts';
import type { FieldValue } from './record.ts';
import type { MessageCode } from './messages.ts';
import {
  IID_REQUIRED_FIELDS,
  IID_REQUIRED_TEXTS,
  KIPP_SECTIONS,
  RANCANG_BANGUN_MIN_WORDS,
  RANCANG_BANGUN_PARTS,
} from './entry-fields.ts';
import { countWords } from './picklists.ts';

export interface MissingItem {
  /** The entry field (or, for the combined rancang bangun count, 'rancangBangun'). */
  field: string;
  code: MessageCode;
  /** Words counted, for word-limit items. */
  words?: number;
  /** The limit those words are measured against (a minimum or a maximum, by code). */
  limit?: number;
}

export interface Checklist {
  ready: boolean;
  missing: MissingItem[];
}

export interface Readiness {
  iid: Checklist;
  kipp: Checklist;
}

/** The date each stage needs on top of waktuInisiasi. */
export const STAGE_DATE: Record<string, string | undefined> = {
  'Uji Coba': 'waktuUjiCoba',
  Penerapan: 'waktuPenerapan',
};

type Fields = Readonly<Record<string, FieldValue | undefined>>;

function textOf(v: FieldValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function filled(v: FieldValue | undefined): boolean {
  if (typeof v === 'string') return v.trim().length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== undefined;
}

/** Words of rancang bangun: the main text plus every sub-part, counted together. */
export function rancangBangunWords(fields: Fields): number {
  let n = countWords(textOf(fields.rancangBangun));
  for (const part of RANCANG_BANGUN_PARTS) n += countWords(textOf(fields[part]));
  return n;
}

export function iidChecklist(fields: Fields): Checklist {
  const missing: MissingItem[] = [];
  for (const f of IID_REQUIRED_FIELDS)
    if (!filled(fields[f])) missing.push({ field: f, code: 'field.required' });

  const stageDate = STAGE_DATE[textOf(fields.tahapan)];
  if (stageDate && !filled(fields[stageDate]))
    missing.push({ field: stageDate, code: 'readiness.stage_date' });
  // Dates after this year or out of order (uji coba before inisiasi, …): a history that cannot be.
  for (const i of historyDateIssues(fields)) missing.push({ field: i.path, code: i.code as MessageCode });

  const words = rancangBangunWords(fields);
  if (words < RANCANG_BANGUN_MIN_WORDS) {
    missing.push({
      field: 'rancangBangun',
      code: 'readiness.rancang_bangun_short',
      words,
      limit: RANCANG_BANGUN_MIN_WORDS,
    });
  }
  for (const f of IID_REQUIRED_TEXTS)
    if (!filled(fields[f])) missing.push({ field: f, code: 'field.required' });
  return { ready: missing.length === 0, missing };
}

export function kippChecklist(fields: Fields): Checklist {
  const missing: MissingItem[] = [];
  if (!filled(fields.kippKelompok)) missing.push({ field: 'kippKelompok', code: 'field.required' });
  if (fields.kippKelompok === 'Replikasi' && !filled(fields.kippAsalReplikasi))
    missing.push({ field: 'kippAsalReplikasi', code: 'field.required' });
  if (!filled(fields.kippKategori)) missing.push({ field: 'kippKategori', code: 'field.required' });
  if (!filled(fields.kippVideo)) missing.push({ field: 'kippVideo', code: 'field.required' });
  const sdgs = fields.sdgs;
  if (!Array.isArray(sdgs) || sdgs.length === 0)
    missing.push({ field: 'sdgs', code: 'readiness.sdg_required' });
  for (const s of KIPP_SECTIONS) {
    const words = countWords(textOf(fields[s.key]));
    if (words === 0) missing.push({ field: s.key, code: 'field.required' });
    else if (words > s.maxWords)
      missing.push({ field: s.key, code: 'readiness.section_too_long', words, limit: s.maxWords });
  }
  return { ready: missing.length === 0, missing };
}

/** Both checklists of one entry's field values (a RecordDoc's `fields`, a draft, EntryValues). */
export function readiness(fields: Fields): Readiness {
  return { iid: iidChecklist(fields), kipp: kippChecklist(fields) };
}
