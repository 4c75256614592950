/**
 * Exports for the central office, as streams the server mounts as routes.
 *
 *   exportStream(kind, format, entries, opts?) → { contentType, filename, contentDisposition, body }
 *     kind    'iid' (IID profile sheet) | 'kipp' (KIPP proposals) | 'recap' (counts per OPD)
 *             | 'ranking' (nama, OPD, skor, tahun)
 *     format  'csv' | 'xlsx'
 *     entries AsyncIterable<RecordDoc> of table 'entries', as stored; deleted and merged
 *             entries are skipped here, so the caller may pass everything
 *     opts    reviews?: Map entryId → latest review record (latestReviewByEntry builds it),
 *             separator?: ',' | ';' (CSV only, default ','), dates?: 'iso' | 'id' (CSV only:
 *             yyyy-mm-dd, default, or dd/mm/yyyy), opdList?: the Pemda's OPD list (recap rows,
 *             zeros included), presorted?: true when the entries
 *             already come ordered by OPD then nama (then nothing is held in memory),
 *             kippWordCounts?: boolean, now?: Date (filename date and zip timestamps)
 *     body    ReadableStream<Uint8Array>, pulled: the entries are read as the client reads
 *
 *   jsonDump({ entries, reviews, … }, opts?) → the same shape, a JSON dump of every record
 *
 *   parseExportPath('iid.csv') → { kind: 'iid', format: 'csv' } | null, for the route param
 *
 * In a Hono route:
 *   const x = exportStream('iid', 'csv', store.entries(), { reviews });
 *   return new Response(x.body, { headers: { 'content-type': x.contentType,
 *     'content-disposition': x.contentDisposition } });
 *
 * Filenames carry the date in Asia/Jakarta: iid-2026-11-27.csv, rekap-opd-2026-11-27.xlsx,
 * peringkat-2026-11-27.csv, lumbung-inovasi-2026-11-27.json (FILE_STEM); a `;` CSV is
 * iid-titik-koma-2026-11-27.csv, so both CSVs of one day can sit in one folder.
 *
 * Memory: hand in a cursor or paged reader, not an array already loaded in full (that would be
 * the "twice"). By default the iid/kipp rows are held once, projected to their cells, to sort
 * them by OPD then nama with the Indonesian collator; with `presorted: true` (the store already
 * reads in that order, e.g. ORDER BY opd, nama) nothing is held and memory stays flat: see
 * bench/export.ts. The recap holds only counts. The JSON dump never holds more than a batch.
 * Errors: if the entries iterable throws mid-way, the body stream errors (the client sees a cut
 * download, never a silently short file).
 */
import { z } from '../../core/zod.ts';
import type { RecordDoc } from '../../core/index.ts';
import { EXPORT_KINDS, SHEET_NAMES, type ExportKind } from './columns.ts';
import { csvChunks, type CsvDates, type CsvSeparator } from './csv.ts';
import { jsonDumpChunks, type DumpSources } from './json.ts';
import { sheetRows, type RowOptions } from './rows.ts';
import { toReadableStream, utf8 } from './stream.ts';
import { XLSX_CONTENT_TYPE, xlsxChunks } from './xlsx.ts';

export type { ExportKind } from './columns.ts';
export type { CsvDates, CsvSeparator } from './csv.ts';
export type { DumpSources } from './json.ts';
export type { Cell } from './cells.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends RowOptions {
  separator?: CsvSeparator | undefined;
  dates?: CsvDates | undefined;
  now?: Date | undefined;
}

export interface ExportResult {
  contentType: string;
  filename: string;
  /** Ready for the Content-Disposition header. */
  contentDisposition: string;
  body: ReadableStream<Uint8Array>;
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: XLSX_CONTENT_TYPE,
  json: 'application/json; charset=utf-8',
} as const;

export const FILE_STEM: Record<ExportKind | 'dump', string> = {
  iid: 'iid',
  kipp: 'kipp',
  recap: 'rekap-opd',
  ranking: 'peringkat',
  dump: 'lumbung-inovasi',
};

/** yyyy-mm-dd in Asia/Jakarta (UTC+7 all year: Indonesia has no daylight saving time). */
export function jakartaDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function exportFilename(stem: string, ext: string, now: Date): string {
  return `${stem}-${jakartaDate(now)}.${ext}`;
}

/** The file name of an export: the `;` CSV says so, as the admin screen's button does. */
export function exportFileName(
  kind: ExportKind,
  format: ExportFormat,
  now: Date,
  separator: CsvSeparator = ',',
): string {
  const stem = format === 'csv' && separator === ';' ? `${FILE_STEM[kind]}-titik-koma` : FILE_STEM[kind];
  return exportFilename(stem, format, now);
}

function result(contentType: string, filename: string, body: ReadableStream<Uint8Array>): ExportResult {
  return { contentType, filename, contentDisposition: `attachment; filename="${filename}"`, body };
}

export function exportStream(
  kind: ExportKind,
  format: ExportFormat,
  entries: AsyncIterable<RecordDoc>,
  opts: ExportOptions = {},
): ExportResult {
  const now = opts.now ?? new Date();
  const { columns, rows } = sheetRows(kind, entries, opts);
  const filename = exportFileName(kind, format, now, opts.separator ?? ',');
  if (format === 'csv') {
    const chunks = csvChunks(
      columns.map((c) => c.header),
      rows,
      { separator: opts.separator ?? ',', dates: opts.dates ?? 'iso' },
    );
    return result(CONTENT_TYPES.csv, filename, toReadableStream(utf8(chunks)));
  }
  const zip = xlsxChunks([{ name: SHEET_NAMES[kind], columns, rows }], { mtime: now });
  return result(CONTENT_TYPES.xlsx, filename, toReadableStream(zip));
}

export function jsonDump(tables: DumpSources, opts: { now?: Date } = {}): ExportResult {
  const now = opts.now ?? new Date();
  const body = toReadableStream(utf8(jsonDumpChunks(tables, now)));
  return result(CONTENT_TYPES.json, exportFilename(FILE_STEM.dump, 'json', now), body);
}

const ExportPath = z.object({ kind: z.enum(EXPORT_KINDS), format: z.enum(EXPORT_FORMATS) });

/** 'iid.csv' → { kind, format }; anything else → null (the route answers 404). */
export function parseExportPath(name: string): { kind: ExportKind; format: ExportFormat } | null {
  const m = /^([a-z]+)\.([a-z]+)$/.exec(name);
  const r = ExportPath.safeParse(m ? { kind: m[1], format: m[2] } : null);
  return r.success ? r.data : null;
}

/** The latest live review of each entry (by createdAt, then id), for the Status column. */
export function latestReviewByEntry(reviews: Iterable<RecordDoc>): Map<string, RecordDoc> {
  const latest = new Map<string, RecordDoc>();
  for (const r of reviews) {
    const f = r.fields;
    if (r.table !== 'reviews' || f.deleted === true || typeof f.entryId !== 'string') continue;
    const prev = latest.get(f.entryId);
    const at = typeof f.createdAt === 'number' ? f.createdAt : 0;
    const prevAt = prev && typeof prev.fields.createdAt === 'number' ? prev.fields.createdAt : 0;
    if (!prev || at > prevAt || (at === prevAt && r.id > prev.id)) latest.set(f.entryId, r);
  }
  return latest;
}

/** What each entry's live evidence files are for (attachments naming an indicator or upload). */
export function evidenceByEntry(attachments: Iterable<RecordDoc>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of attachments) {
    const f = a.fields;
    if (a.table !== 'attachments' || f.deleted === true) continue;
    if (typeof f.entryId !== 'string' || typeof f.evidenceFor !== 'string') continue;
    const list = out.get(f.entryId) ?? [];
    list.push(f.evidenceFor);
    out.set(f.entryId, list);
  }
  return out;
}
