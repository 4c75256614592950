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
 * The recap only keeps counts per OPD; it starts from the Pemda's OPD list (every listed OPD
 * has a row, zeros included, in the list's order) and adds the OPDs typed that are not on it,
 * sorted. The ranking holds one small row per entry to sort it by score.
 */
import type { RecordDoc } from '../../core/index.ts';
import type { Cell } from './cells.ts';
import {
  IID_COLUMNS,
  RANKING_COLUMNS,
  RECAP_COLUMNS,
  RECAP_NO_OPD_LABEL,
  RECAP_TOTAL_LABEL,
  addToCounts,
  emptyCounts,
  entryYear,
  isExportable,
  kippColumns,
  reviewScore,
  text,
  type Column,
  type EntryRow,
  type ExportKind,
  type RankingRow,
  type RecapCounts,
} from './columns.ts';

export interface RowOptions {
  /** entryId → the entry's latest review (see latestReviewByEntry), for the Status column. */
  reviews?: ReadonlyMap<string, RecordDoc> | undefined;
  /** entryId → what its live evidence files are for (evidenceByEntry), for the IID readiness. */
  evidence?: ReadonlyMap<string, readonly string[]> | undefined;
  /** The entries arrive already ordered by OPD then nama: stream them without holding any. */
  presorted?: boolean | undefined;
  /** KIPP sheet: add a word-count column after each section. */
  kippWordCounts?: boolean | undefined;
  /** Recap: the Pemda's OPD list; each gets a row even with no entry. */
  opdList?: readonly string[] | undefined;
}

export interface SheetRows {
  columns: readonly { header: string; width: number; wrap?: boolean }[];
  rows: AsyncIterable<readonly Cell[]>;
}

export const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

function project(columns: readonly Column<EntryRow>[], doc: RecordDoc, opts: RowOptions): Cell[] {
  const row: EntryRow = {
    id: doc.id,
    fields: doc.fields,
    review: opts.reviews?.get(doc.id),
    evidence: opts.evidence?.get(doc.id),
  };
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

/** OPD names typed with different case, spacing or accents are one OPD. */
const opdKey = (opd: string) => opd.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id').normalize('NFC');

async function* recapRows(
  entries: AsyncIterable<RecordDoc>,
  opdList: readonly string[],
): AsyncGenerator<readonly Cell[], void, undefined> {
  const listed = new Map<string, RecapCounts>();
  for (const opd of opdList) {
    const key = opdKey(opd);
    if (key && !listed.has(key)) listed.set(key, emptyCounts(opd.trim()));
  }
  const others = new Map<string, RecapCounts>();
  const all = emptyCounts(RECAP_TOTAL_LABEL);
  for await (const doc of entries) {
    if (!isExportable(doc)) continue;
    const opd = text(doc.fields, 'opd').trim() || RECAP_NO_OPD_LABEL;
    const key = opdKey(opd);
    // The list's spelling names a listed OPD; else the first spelling typed.
    let c = listed.get(key) ?? others.get(key);
    if (!c) others.set(key, (c = emptyCounts(opd)));
    addToCounts(c, doc.fields);
    addToCounts(all, doc.fields);
  }
  const rest = [...others.values()].sort((a, b) => collator.compare(a.opd, b.opd));
  for (const c of [...listed.values(), ...rest]) yield RECAP_COLUMNS.map((col) => col.value(c));
  yield RECAP_COLUMNS.map((col) => col.value(all));
}

async function* rankingRows(
  entries: AsyncIterable<RecordDoc>,
  opts: RowOptions,
): AsyncGenerator<readonly Cell[], void, undefined> {
  const rows: RankingRow[] = [];
  for await (const doc of entries) {
    if (!isExportable(doc)) continue;
    rows.push({
      nama: text(doc.fields, 'nama'),
      opd: text(doc.fields, 'opd'),
      skor: reviewScore(opts.reviews?.get(doc.id)),
      tahun: entryYear(doc.fields),
    });
  }
  rows.sort(
    (a, b) =>
      (b.skor ?? -1) - (a.skor ?? -1) || collator.compare(a.opd, b.opd) || collator.compare(a.nama, b.nama),
  );
  for (const r of rows) yield RANKING_COLUMNS.map((col) => col.value(r));
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
      return { columns: RECAP_COLUMNS, rows: recapRows(entries, opts.opdList ?? []) };
    case 'ranking':
      return { columns: RANKING_COLUMNS, rows: rankingRows(entries, opts) };
    default:
      throw new Error(`unknown export kind: ${String(kind satisfies never)}`);
  }
}
