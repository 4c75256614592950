/**
 * The rows of each export, from a stream of stored entry records.
 *
 * Order: by OPD, then nama, then id, compared with the Indonesian collator (case and accents
 * do not split "dinas sosial" from "Dinas Sosial"). Sorting needs every row before the first
 * one can be written, so by default the rows are projected to their cells (the stored record
 * with its stamps is dropped at once) and held ONCE, sorted, then written out as a stream: the
 * output itself is never built whole. A caller that already reads the entries in this order
 * passes `presorted: true` and then nothing is held: each entry is read when the writer needs
 * the next row, so memory stays flat however many entries there are.
 * The recap only keeps counts per OPD.
 */
import type { RecordDoc } from '../../core/index.ts';
import type { Cell } from './cells.ts';
import {
  IID_COLUMNS,
  RECAP_COLUMNS,
  RECAP_NO_OPD_LABEL,
  RECAP_TOTAL_LABEL,
  addToCounts,
  emptyCounts,
  isExportable,
  kippColumns,
  text,
  type Column,
  type EntryRow,
  type ExportKind,
  type RecapCounts,
} from './columns.ts';

export interface RowOptions {
  /** entryId → the entry's latest review (see latestReviewByEntry), for the Status column. */
  reviews?: ReadonlyMap<string, RecordDoc> | undefined;
  /** The entries arrive already ordered by OPD then nama: stream them without holding any. */
  presorted?: boolean | undefined;
  /** KIPP sheet: add a word-count column after each section. */
  kippWordCounts?: boolean | undefined;
}

export interface SheetRows {
  columns: readonly { header: string; width: number }[];
  rows: AsyncIterable<readonly Cell[]>;
}

export const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

function project(columns: readonly Column<EntryRow>[], doc: RecordDoc, opts: RowOptions): Cell[] {
  const row: EntryRow = { id: doc.id, fields: doc.fields, review: opts.reviews?.get(doc.id) };
  return columns.map((c) => c.value(row));
}

async function* entryRows(
  columns: readonly Column<EntryRow>[],
  entries: AsyncIterable<RecordDoc>,
  opts: RowOptions,
): AsyncGenerator<readonly Cell[], void, undefined> {
  if (opts.presorted) {
    for await (const doc of entries) if (isExportable(doc)) yield project(columns, doc, opts);
    return;
  }
  const held: { opd: string; nama: string; id: string; cells: Cell[] }[] = [];
  for await (const doc of entries) {
    if (!isExportable(doc)) continue;
    held.push({
      opd: text(doc.fields, 'opd'),
      nama: text(doc.fields, 'nama'),
      id: doc.id,
      cells: project(columns, doc, opts),
    });
  }
  held.sort(
    (a, b) =>
      collator.compare(a.opd, b.opd) ||
      collator.compare(a.nama, b.nama) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  // Hand each row on and let go of it, so the written part can be collected.
  for (let i = 0; i < held.length; i++) {
    const cells = held[i]!.cells;
    held[i] = undefined as never;
    yield cells;
  }
}

async function* recapRows(
  entries: AsyncIterable<RecordDoc>,
): AsyncGenerator<readonly Cell[], void, undefined> {
  const byOpd = new Map<string, RecapCounts>();
  const all = emptyCounts(RECAP_TOTAL_LABEL);
  for await (const doc of entries) {
    if (!isExportable(doc)) continue;
    const opd = text(doc.fields, 'opd').trim() || RECAP_NO_OPD_LABEL;
    // OPD names typed with different case or accents are one OPD (the first spelling names it).
    const key = opd.toLocaleLowerCase('id').normalize('NFC');
    let c = byOpd.get(key);
    if (!c) byOpd.set(key, (c = emptyCounts(opd)));
    addToCounts(c, doc.fields);
    addToCounts(all, doc.fields);
  }
  const sorted = [...byOpd.values()].sort((a, b) => collator.compare(a.opd, b.opd));
  for (const c of sorted) yield RECAP_COLUMNS.map((col) => col.value(c));
  yield RECAP_COLUMNS.map((col) => col.value(all));
}

export function sheetRows(
  kind: ExportKind,
  entries: AsyncIterable<RecordDoc>,
  opts: RowOptions = {},
): SheetRows {
  switch (kind) {
    case 'iid':
      return { columns: IID_COLUMNS, rows: entryRows(IID_COLUMNS, entries, opts) };
    case 'kipp': {
      const columns = kippColumns(opts.kippWordCounts ?? false);
      return { columns, rows: entryRows(columns, entries, opts) };
    }
    case 'recap':
      return { columns: RECAP_COLUMNS, rows: recapRows(entries) };
    default:
      throw new Error(`unknown export kind: ${String(kind satisfies never)}`);
  }
}
