/**
 * A workshop's printed report (DOMAIN.md: "a printed workshop report (A4, per OPD) is expected
 * at the end of the day"): the workshop's live entries grouped by OPD, OPDs and innovations in
 * Indonesian alphabetical order. Pure: the print view and its tests read the same model.
 */
import type { FieldValue } from '../../core/record.ts';
import { isoToDmy } from '../../core/text.ts';

export interface ReportEntry {
  id: string;
  fields: Readonly<Record<string, FieldValue | undefined>>;
}

export interface OpdGroup {
  opd: string;
  entries: ReportEntry[];
}

/** The fields each innovation shows, in the IID profile's order. */
export const REPORT_FIELDS = [
  'tahapan',
  'jenis',
  'bentuk',
  'urusanUtama',
  'tematik',
  'inisiator',
  'waktuInisiasi',
  'tujuan',
  'manfaat',
  'hasil',
  'cpNama',
] as const;

const name = (e: ReportEntry) => (typeof e.fields.nama === 'string' ? e.fields.nama : '');

export function groupByOpd(entries: readonly ReportEntry[], workshopId: string): OpdGroup[] {
  const by = new Map<string, ReportEntry[]>();
  for (const e of entries) {
    if (e.fields.workshopId !== workshopId || e.fields.deleted === true || e.fields.mergedInto) continue;
    const opd = typeof e.fields.opd === 'string' ? e.fields.opd.trim() : '';
    by.set(opd, [...(by.get(opd) ?? []), e]);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'id'))
    .map(([opd, list]) => ({ opd, entries: list.sort((a, b) => name(a).localeCompare(name(b), 'id')) }));
}

/** One value as printed: dates dd/mm/yyyy, lists joined, '—' when empty. */
export function printedValue(field: string, v: FieldValue | undefined): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (typeof v === 'string' && field.startsWith('waktu')) return isoToDmy(v);
  if (Array.isArray(v)) return v.join('; ');
  return String(v);
}
