/**
 * A minimal streaming XLSX (Office Open XML spreadsheet) writer.
 *
 * Parts: [Content_Types].xml, _rels/.rels, xl/_rels/workbook.xml.rels, xl/styles.xml,
 * xl/worksheets/sheetN.xml per sheet, then xl/workbook.xml (written last: its defined names hold
 * each sheet's last row, known only once the rows are written). Each sheet is what an office
 * needs to work and print: header row bold, frozen and with an autofilter; column widths; long
 * text columns wrapped (top-aligned); dates as real date cells (a serial number with the
 * dd/mm/yyyy format, so a spreadsheet in any locale sorts and filters them as dates); printed
 * landscape on A4, fitted to the page width, with the header row repeated on every page
 * (_xlnm.Print_Titles) and the filter range named (_xlnm._FilterDatabase, which LibreOffice
 * needs to restore the filter). Text goes in inline strings
 * (`t="inlineStr"`), so no shared-string table has to be built in memory first: rows are
 * turned into XML and deflated (Node's zlib) into the zip (fflate's streaming Zip) as they arrive, and the
 * zip bytes leave as they are produced. Only one batch of rows (~64 K characters) is held.
 *
 * Text is made safe for XML 1.0 and for Excel:
 *   - characters illegal in XML 1.0 (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone
 *     surrogates) are removed: a parser rejects the whole file otherwise;
 *   - `&`, `<`, `>`, `"` are escaped; CR is written as `&#13;` (a parser turns a raw CR into LF);
 *   - a literal `_xHHHH_` in the text is escaped as `_x005F_xHHHH_`, because Excel reads
 *     `_xHHHH_` in a string as an escaped character;
 *   - a cell holds at most 32,767 characters in Excel; longer text (rancang bangun with all its
 *     parts can reach 90,000) is cut with a visible marker. The CSV and the JSON dump keep it all.
 * Formula injection: an inline string is never evaluated as a formula, so text is written exactly
 * as typed (no `'` prefix: it would show); only the CSV writer neutralises (cells.ts).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import { isDateCell, type Cell } from './cells.ts';
import { CHUNK_CHARS } from './stream.ts';

export interface XlsxColumn {
  header: string;
  /** Width in Excel character units. */
  width: number;
  /** Long text: wrap it inside the cell. */
  wrap?: boolean | undefined;
}

export interface XlsxSheet {
  /** At most 31 characters, none of []:*?/\ (Excel's rule for sheet names). */
  name: string;
  columns: readonly XlsxColumn[];
  rows: AsyncIterable<readonly Cell[]>;
}

export interface XlsxOptions {
  /** Modification time written into the zip entries (default: now). */
  mtime?: Date;
  /** Deflate level 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  chunkChars?: number;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EXCEL_MAX_CELL_CHARS = 32_767;
export const TRUNCATED_MARK = ' …[terpotong: teks lengkap ada di ekspor CSV/JSON]';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const EXCEL_ESCAPE_LOOKALIKE = /_(x[0-9A-Fa-f]{4}_)/g;

const XML_SPECIAL = /[&<>"\r]/g;
const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
};

/** Legal XML text (already stripped of illegal characters) → escaped character data. */
function escapeLegal(text: string): string {
  return text.replace(XML_SPECIAL, (ch) => XML_ENTITY[ch]!);
}

/** Text as XML character data / attribute value. */
export function xmlEscape(text: string): string {
  return escapeLegal(text.replace(XML_ILLEGAL, ''));
}

/** Cut to Excel's cell limit without splitting a surrogate pair. */
function fitCell(text: string): string {
  if (text.length <= EXCEL_MAX_CELL_CHARS) return text;
  let end = EXCEL_MAX_CELL_CHARS - TRUNCATED_MARK.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + TRUNCATED_MARK;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/** Cell styles (indexes into cellXfs of stylesXml). */
export const STYLE = { normal: 0, header: 1, wrap: 2, date: 3 } as const;
const DATE_FORMAT_ID = 164;

/** yyyy-mm-dd → Excel's serial day number (1900 date system; day 25569 is 1970-01-01). */
export function excelSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) ? ms / 86_400_000 + 25_569 : null;
}

function textCell(ref: string, text: string, style: number): string {
  const clean = fitCell(text.replace(XML_ILLEGAL, '')).replace(EXCEL_ESCAPE_LOOKALIKE, '_x005F_$1');
  const s = style ? ` s="${style}"` : '';
  return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${escapeLegal(clean)}</t></is></c>`;
}

/** One `<row>`; empty cells are left out, as Excel itself does. `columns` says which text cells
 * wrap; `header` styles every cell as a header. */
export function rowXml(
  rowNumber: number,
  cells: readonly Cell[],
  opts: { columns?: readonly XlsxColumn[]; header?: boolean } = {},
): string {
  let xml = `<row r="${rowNumber}">`;
  cells.forEach((cell, i) => {
    if (cell === null || cell === '') return;
    const ref = `${columnName(i)}${rowNumber}`;
    if (typeof cell === 'number') {
      if (Number.isFinite(cell)) xml += `<c r="${ref}"><v>${cell}</v></c>`;
    } else if (isDateCell(cell)) {
      const serial = excelSerial(cell.date);
      if (serial !== null) xml += `<c r="${ref}" s="${STYLE.date}"><v>${serial}</v></c>`;
    } else {
      const style = opts.header ? STYLE.header : opts.columns?.[i]?.wrap ? STYLE.wrap : STYLE.normal;
      xml += textCell(ref, cell, style);
    }
  });
  return xml + '</row>';
}

export function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '</Types>'
  );
}

export function rootRelsXml(): string {
  return (
    XML_DECL +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
    '</Relationships>'
  );
}

/** A sheet name as a formula reference: always quoted, inner `'` doubled. */
function sheetRef(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

export interface SheetExtent {
  name: string;
  columnCount: number;
  /** Row number of the last row written (1 = only the header). */
  lastRow: number;
}

export function workbookXml(sheets: readonly SheetExtent[]): string {
  const list = sheets
    .map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  let names = '';
  sheets.forEach((s, i) => {
    const ref = sheetRef(s.name);
    const lastCol = columnName(Math.max(0, s.columnCount - 1));
    names +=
      `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">` +
      `${xmlEscape(`${ref}!$A$1:$${lastCol}$${s.lastRow}`)}</definedName>` +
      `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlEscape(`${ref}!$1:$1`)}</definedName>`;
  });
  return (
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<bookViews><workbookView/></bookViews>' +
    `<sheets>${list}</sheets>` +
    (names ? `<definedNames>${names}</definedNames>` : '') +
    '</workbook>'
  );
}

export function workbookRelsXml(sheetCount: number): string {
  let rels = '';
  for (let i = 1; i <= sheetCount; i++)
    rels += `<Relationship Id="rId${i}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  rels += `<Relationship Id="rId${sheetCount + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>`;
  return XML_DECL + `<Relationships xmlns="${NS_PKG_REL}">${rels}</Relationships>`;
}

/** Styles of STYLE: normal; header (bold, wrapped, top); wrapped long text (top); date
 * (dd/mm/yyyy). The gray125 fill is required by Excel. */
export function stylesXml(): string {
  return (
    XML_DECL +
    `<styleSheet xmlns="${NS_MAIN}">` +
    `<numFmts count="1"><numFmt numFmtId="${DATE_FORMAT_ID}" formatCode="dd/mm/yyyy"/></numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">' +
    '<alignment vertical="top" wrapText="1"/></xf>' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">' +
    '<alignment vertical="top" wrapText="1"/></xf>' +
    `<xf numFmtId="${DATE_FORMAT_ID}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">` +
    '<alignment vertical="top"/></xf></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

/** Everything of a sheet before its first data row: frozen header pane, widths, header row. */
export function sheetHead(columns: readonly XlsxColumn[]): string {
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  return (
    XML_DECL +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
    '</sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    '<sheetData>' +
    rowXml(
      1,
      columns.map((c) => c.header),
      { header: true },
    )
  );
}

/** Everything after the last row: the autofilter over header and rows, then the print setup
 * (landscape A4, fitted to one page wide and as many pages tall as needed). */
export function sheetTail(columnCount: number, lastRow: number): string {
  const lastCol = columnName(Math.max(0, columnCount - 1));
  return (
    '</sheetData>' +
    `<autoFilter ref="A1:${lastCol}${lastRow}"/>` +
    '<printOptions gridLines="1"/>' +
    '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    '<headerFooter><oddFooter>&amp;P / &amp;N</oddFooter></headerFooter>' +
    '</worksheet>'
  );
}

/**
 * A zip entry deflated by Node's native zlib: fflate writes the zip container, zlib does the CRC
 * and the compression (several times faster than deflate in JavaScript). Each pushed batch is
 * deflated on its own and ended with a sync flush, so the pieces concatenate into one valid
 * deflate stream (the technique of pigz); the last piece carries the final block.
 */
class NativeDeflate extends ZipPassThrough {
  constructor(
    filename: string,
    private readonly level: number,
  ) {
    super(filename);
    this.compression = 8;
  }

  #crc = 0;

  /** As ZipPassThrough.push, with Node's native CRC-32 (zlib.crc32, Node >= 20.15). */
  override push(chunk: Uint8Array, final = false): void {
    this.#crc = crc32(chunk, this.#crc);
    this.size += chunk.length;
    if (final) this.crc = this.#crc;
    this.process(chunk as Uint8Array<ArrayBuffer>, final);
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    const out = deflateRawSync(chunk, {
      level: this.level,
      finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    });
    this.ondata(null, new Uint8Array(out.buffer, out.byteOffset, out.byteLength), final);
  }
}

/** The .xlsx file as zip chunks. Each sheet's rows are read once, in order, as they are needed. */
export async function* xlsxChunks(
  sheets: readonly XlsxSheet[],
  opts: XlsxOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  // Every push is compressed synchronously: its output lands in `out` at once.
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else out.push(data);
  });
  const level = opts.level ?? 6;
  const mtime = opts.mtime ?? new Date();
  const limit = opts.chunkChars ?? CHUNK_CHARS;

  const file = (name: string): NativeDeflate => {
    const f = new NativeDeflate(name, level);
    f.mtime = mtime;
    zip.add(f);
    return f;
  };
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  }

  const whole: [string, string][] = [
    ['[Content_Types].xml', contentTypesXml(sheets.length)],
    ['_rels/.rels', rootRelsXml()],
    ['xl/_rels/workbook.xml.rels', workbookRelsXml(sheets.length)],
    ['xl/styles.xml', stylesXml()],
  ];
  for (const [name, xml] of whole) file(name).push(strToU8(xml), true);
  yield* drain();

  const extents: SheetExtent[] = [];
  for (const [i, sheet] of sheets.entries()) {
    const f = file(`xl/worksheets/sheet${i + 1}.xml`);
    let buf = sheetHead(sheet.columns);
    let rowNumber = 1;
    for await (const row of sheet.rows) {
      rowNumber += 1;
      buf += rowXml(rowNumber, row, { columns: sheet.columns });
      if (buf.length >= limit) {
        f.push(strToU8(buf));
        buf = '';
        yield* drain();
      }
    }
    f.push(strToU8(buf + sheetTail(sheet.columns.length, rowNumber)), true);
    extents.push({ name: sheet.name, columnCount: sheet.columns.length, lastRow: rowNumber });
    yield* drain();
  }
  file('xl/workbook.xml').push(strToU8(workbookXml(extents)), true);
  zip.end();
  yield* drain();
}
