/**
 * A small XLSX reader for the export tests, written from the OOXML spec (ECMA-376 part 1, §18)
 * and independent of the writer: the zip is opened with fflate, every XML part is parsed with a
 * real XML parser (jsdom's DOMParser, which rejects malformed XML), and cells are read the way a
 * spreadsheet reads them: the type from `t`, the number format from the cell's style, and a
 * numeric cell whose format is a date format is a date.
 */
import { createRequire } from 'node:module';
import { strFromU8, unzipSync } from 'fflate';

// jsdom (already a dev dependency, for the component tests) ships no type declarations.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
};
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const { DOMParser: XmlParser } = new JSDOM('').window;

export type ReadCell =
  | { type: 'text'; value: string; wrap: boolean; bold: boolean }
  | { type: 'number'; value: number }
  | { type: 'date'; value: string; format: string };

export interface ReadSheet {
  name: string;
  /** rows[r][c], 0-based; missing cells are undefined. */
  rows: (ReadCell | undefined)[][];
  autoFilter: string | null;
  frozenRows: number;
  pageSetup: Record<string, string>;
  fitToPage: boolean;
  definedNames: Record<string, string>;
  widths: number[];
}

function parse(xml: string): Document {
  const doc = new XmlParser().parseFromString(xml, 'application/xml');
  const err = doc.getElementsByTagName('parsererror')[0];
  if (err) throw new Error(`malformed XML: ${err.textContent}`);
  return doc;
}

function all(parent: Document | Element, tag: string): Element[] {
  return [...parent.getElementsByTagNameNS(NS, tag)];
}

/** Built-in date formats (§18.8.30) plus any custom format with day/month/year tokens. */
function isDateFormat(id: number, code: string): boolean {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  return /[dmy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]/g, ''));
}

function serialToIso(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

function colIndex(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)![0]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export function readXlsx(bytes: Uint8Array): ReadSheet[] {
  const files = unzipSync(bytes);
  const part = (name: string) => {
    const f = files[name];
    if (!f) throw new Error(`missing part ${name}`);
    return parse(strFromU8(f));
  };
  part('[Content_Types].xml');
  const styles = part('xl/styles.xml');
  const formats = new Map<number, string>();
  for (const f of all(styles, 'numFmt'))
    formats.set(Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') ?? '');
  const fonts = all(styles, 'font').map((f) => all(f, 'b').length > 0);
  const xfs = all(all(styles, 'cellXfs')[0]!, 'xf').map((xf) => {
    const id = Number(xf.getAttribute('numFmtId') ?? 0);
    const code = formats.get(id) ?? '';
    return {
      date: isDateFormat(id, code),
      format: code || `builtin ${id}`,
      wrap: all(xf, 'alignment')[0]?.getAttribute('wrapText') === '1',
      bold: fonts[Number(xf.getAttribute('fontId') ?? 0)] ?? false,
    };
  });
  const workbook = part('xl/workbook.xml');
  const definedNames = all(workbook, 'definedName');
  return all(workbook, 'sheet').map((s, i) => {
    const sheet = part(`xl/worksheets/sheet${i + 1}.xml`);
    const rows: (ReadCell | undefined)[][] = [];
    for (const row of all(sheet, 'row')) {
      const r = Number(row.getAttribute('r')) - 1;
      const cells: (ReadCell | undefined)[] = [];
      for (const c of all(row, 'c')) {
        const xf = xfs[Number(c.getAttribute('s') ?? 0)]!;
        const t = c.getAttribute('t');
        let cell: ReadCell;
        if (t === 'inlineStr')
          cell = {
            type: 'text',
            value: all(c, 't')
              .map((x) => x.textContent)
              .join(''),
            wrap: xf.wrap,
            bold: xf.bold,
          };
        else if (t === null || t === 'n') {
          const v = Number(all(c, 'v')[0]!.textContent);
          cell = xf.date
            ? { type: 'date', value: serialToIso(v), format: xf.format }
            : { type: 'number', value: v };
        } else throw new Error(`cell type ${t} not expected from our writer`);
        cells[colIndex(c.getAttribute('r')!)] = cell;
      }
      rows[r] = cells;
    }
    const pane = all(sheet, 'pane')[0];
    const setup = all(sheet, 'pageSetup')[0];
    const names: Record<string, string> = {};
    for (const d of definedNames)
      if (d.getAttribute('localSheetId') === String(i)) names[d.getAttribute('name')!] = d.textContent ?? '';
    return {
      name: s.getAttribute('name')!,
      rows,
      autoFilter: all(sheet, 'autoFilter')[0]?.getAttribute('ref') ?? null,
      frozenRows: pane?.getAttribute('state') === 'frozen' ? Number(pane.getAttribute('ySplit')) : 0,
      pageSetup: Object.fromEntries([...(setup?.attributes ?? [])].map((a) => [a.name, a.value])),
      fitToPage: all(sheet, 'pageSetUpPr')[0]?.getAttribute('fitToPage') === '1',
      definedNames: names,
      widths: all(sheet, 'col').map((c) => Number(c.getAttribute('width'))),
    };
  });
}

/** A cell as plain text/number/ISO date, for comparing rows. */
export function plain(cell: ReadCell | undefined): string | number {
  return cell === undefined ? '' : cell.value;
}
