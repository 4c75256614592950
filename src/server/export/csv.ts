/**
 * RFC 4180 CSV that Excel opens correctly with Indonesian text:
 *   - UTF-8 with a byte-order mark (without it Excel guesses the ANSI code page and mangles
 *     "é", "’" and emoji);
 *   - CRLF between records;
 *   - a field is quoted when it contains `;`, `,`, `"`, CR or LF, whichever separator is in use,
 *     so the file parses the same in an Excel whose list separator is `;` (usual on Indonesian
 *     Windows) and one whose separator is `,`; a `"` inside is doubled;
 *   - the separator is an option: `,` (default, RFC 4180) or `;` (double-click opens straight
 *     into columns on Indonesian-locale Excel). No `sep=` line is written: Excel ignores the BOM
 *     when that line is present;
 *   - text cells are neutralised against formula injection only where a spreadsheet would
 *     evaluate them (cells.ts); numbers are written as plain digits;
 *   - dates are ISO yyyy-mm-dd, which every spreadsheet in every locale reads as a date and no
 *     locale reads the wrong way round; `dates: 'id'` writes dd/mm/yyyy instead (for pasting
 *     into an Indonesian document or form, where the reader expects that);
 *   - line breaks inside a cell are kept as typed (inside quotes, as RFC 4180 allows).
 */
import { isoToDmy } from '../../core/text.ts';
import { isDateCell, neutralise, type Cell } from './cells.ts';
import { CHUNK_CHARS } from './stream.ts';

export type CsvSeparator = ',' | ';';
/** How dates are written: ISO (default) or the Indonesian dd/mm/yyyy. */
export type CsvDates = 'iso' | 'id';

export interface CsvOptions {
  separator?: CsvSeparator;
  dates?: CsvDates;
  /** Hand on a chunk once it holds about this many characters (tests use small values). */
  chunkChars?: number;
}

export const BOM = '\uFEFF';
const NEEDS_QUOTES = /[;,"\r\n]/;

export function csvField(cell: Cell, dates: CsvDates = 'iso'): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (isDateCell(cell)) return dates === 'id' ? isoToDmy(cell.date) : cell.date;
  const text = neutralise(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(
  cells: readonly Cell[],
  separator: CsvSeparator = ',',
  dates: CsvDates = 'iso',
): string {
  return cells.map((c) => csvField(c, dates)).join(separator) + '\r\n';
}

/** The whole file as string chunks: BOM and header first, then the rows as they arrive. */
export async function* csvChunks(
  header: readonly string[],
  rows: AsyncIterable<readonly Cell[]>,
  opts: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const sep = opts.separator ?? ',';
  const limit = opts.chunkChars ?? CHUNK_CHARS;
  const dates = opts.dates ?? 'iso';
  let buf = BOM + csvRecord(header, sep);
  for await (const row of rows) {
    buf += csvRecord(row, sep, dates);
    if (buf.length >= limit) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
