/**
 * The stagnan list as a sheet (CSV with `,` or `;`, XLSX), the rule of core/stagnation.ts over
 * what the server holds: one pass over each child table feeds the activity index (two numbers
 * per entry), then the entries are read once, keeping only the few fields of those listed. The
 * office's follow-up (store/follow-ups.ts) fills the last three columns.
 *
 * Columns: Nama inovasi, OPD, Tahap, Sejak (a date), Alasan ("tidak ada kegiatan sejak …",
 * "bukti terakhir tahun …", "belum ada bukti", "dalam tindak lanjut sejak …"), Penanggung jawab,
 * Target (a date), Catatan.
 */
import type { FollowUp } from '../../core/follow-up.ts';
import type { RecordDoc } from '../../core/record.ts';
import { ActivityIndex, reasonSince, stagnantList, type StagnantReason } from '../../core/stagnation.ts';
import { isoToDmy } from '../../core/text.ts';
import type { Cell } from './cells.ts';
import type { Column } from './columns.ts';
import { csvChunks, type CsvDates, type CsvSeparator } from './csv.ts';
import { CONTENT_TYPES, exportFilename, jakartaDate, type ExportFormat, type ExportResult } from './index.ts';
import { toReadableStream, utf8 } from './stream.ts';
import { xlsxChunks } from './xlsx.ts';

export interface StagnantSources {
  entries: AsyncIterable<RecordDoc>;
  /** Reviews, comments and attachments: anything naming an entryId. */
  children: AsyncIterable<RecordDoc>[];
}

export interface StagnantExportOptions {
  months: number;
  now: Date;
  followUps: readonly FollowUp[];
  separator?: CsvSeparator | undefined;
  dates?: CsvDates | undefined;
}

interface Listed {
  id: string;
  nama: string;
  opd: string;
  tahapan: string;
  reason: StagnantReason;
  followUp: FollowUp | undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const day = (ms: number): Cell => ({ date: jakartaDate(new Date(ms)) });

/** The reason as the admin screen says it in Indonesian (i18n admin.stagnant.why.*). */
export function reasonText(r: StagnantReason): string {
  switch (r.kind) {
    case 'idle':
      return `tidak ada kegiatan sejak ${isoToDmy(jakartaDate(new Date(r.since)))}`;
    case 'old_evidence':
      return `bukti terakhir tahun ${r.year}`;
    case 'no_evidence':
      return 'belum ada bukti';
    case 'followed':
      return `dalam tindak lanjut sejak ${isoToDmy(jakartaDate(new Date(r.since)))}`;
  }
}

export const STAGNANT_COLUMNS: Column<Listed>[] = [
  { header: 'Nama inovasi', width: 40, wrap: true, value: (r) => r.nama },
  { header: 'OPD', width: 30, wrap: true, value: (r) => r.opd },
  { header: 'Tahap', width: 12, value: (r) => r.tahapan },
  {
    header: 'Sejak',
    width: 12,
    value: (r) => {
      const s = reasonSince(r.reason);
      return s === null ? null : day(s);
    },
  },
  { header: 'Alasan', width: 36, wrap: true, value: (r) => reasonText(r.reason) },
  { header: 'Penanggung jawab', width: 28, wrap: true, value: (r) => r.followUp?.penanggungJawab ?? '' },
  {
    header: 'Target',
    width: 12,
    value: (r) => (r.followUp?.target ? { date: r.followUp.target } : null),
  },
  { header: 'Catatan', width: 50, wrap: true, value: (r) => r.followUp?.catatan ?? '' },
];

/** Every listed innovation, in the rule's order (longest-waiting first). */
export async function stagnantRows(
  src: StagnantSources,
  followUps: readonly FollowUp[],
  months: number,
  now: number,
): Promise<Listed[]> {
  const index = new ActivityIndex();
  for (const table of src.children) for await (const r of table) index.addChild(r);
  const entries: { id: string; nama: string; opd: string; tahapan: string }[] = [];
  for await (const e of src.entries) {
    const f = e.fields;
    if (f.deleted === true || (typeof f.mergedInto === 'string' && f.mergedInto !== '')) continue;
    index.addEntry(e);
    entries.push({ id: e.id, nama: str(f.nama), opd: str(f.opd), tahapan: str(f.tahapan) });
  }
  const fu = new Map(followUps.map((f) => [f.entryId, f]));
  const list = stagnantList(
    entries,
    (id) => index.get(id),
    (id) => {
      const f = fu.get(id);
      return f ? { updatedAt: f.updatedAt, open: !f.selesai } : null;
    },
    months,
    now,
  );
  return list.map(({ entry, reason }) => ({ ...entry, reason, followUp: fu.get(entry.id) }));
}

/** The rows as the CSV and XLSX writers read them (an AsyncIterable: they also stream stores). */
async function* cells(rows: Listed[]): AsyncGenerator<Cell[]> {
  for (const r of rows) yield await Promise.resolve(STAGNANT_COLUMNS.map((c) => c.value(r)));
}

export async function stagnantExport(
  format: ExportFormat,
  src: StagnantSources,
  o: StagnantExportOptions,
): Promise<ExportResult> {
  const rows = await stagnantRows(src, o.followUps, o.months, o.now.getTime());
  const sep = o.separator ?? ',';
  const stem = format === 'csv' && sep === ';' ? 'stagnan-titik-koma' : 'stagnan';
  const filename = exportFilename(stem, format, o.now);
  const body =
    format === 'csv'
      ? toReadableStream(
          utf8(
            csvChunks(
              STAGNANT_COLUMNS.map((c) => c.header),
              cells(rows),
              { separator: sep, dates: o.dates ?? 'iso' },
            ),
          ),
        )
      : toReadableStream(
          xlsxChunks([{ name: 'Stagnan', columns: STAGNANT_COLUMNS, rows: cells(rows) }], { mtime: o.now }),
        );
  return {
    contentType: format === 'csv' ? CONTENT_TYPES.csv : CONTENT_TYPES.xlsx,
    filename,
    contentDisposition: `attachment; filename="${filename}"`,
    body,
  };
}
