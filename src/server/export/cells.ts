/**
 * One cell of an exported sheet, and the formula-injection rule of the CSV writer.
 *
 * A cell is text, a number or a calendar date. Text is everything a person typed and every label
 * we write (pick-list values, status labels); numbers are only what this code computes (counts,
 * scores, years); dates are the entry's ISO dates, written as real date cells in XLSX and as text
 * in CSV (ISO yyyy-mm-dd, or dd/mm/yyyy when the Indonesian locale is asked for).
 *
 * Formula injection (OWASP "CSV Injection") is a CSV problem: a spreadsheet that opens a CSV
 * parses every field like typed input, so a field that starts like a formula is evaluated.
 * An XLSX inline string is never evaluated, so the XLSX writer writes text exactly as typed.
 * In CSV a text field gets a leading `'` when a spreadsheet would evaluate it:
 *   - it starts with `=` or `@` (formula, Excel's implicit-intersection function call), or with
 *     tab or CR (used to hide a formula behind a blank-looking start);
 *   - it starts with `+` or `-`, UNLESS that sign is a bullet in front of prose: sign, spaces,
 *     then a letter, with nothing in the rest that a formula needs to do harm — no function call
 *     (a name directly followed by `(`), no DDE pipe `|`, no sheet reference `!`. So the
 *     bulleted "- lingkungan lebih bersih" and an OPD "+ Satpol PP" stay as typed, while
 *     "-2+3", "-5 hari", "+HYPERLINK(…)" and "- cmd|' /C calc'!A0" are made inert.
 * Number cells are written as plain digits, never prefixed (a number cannot hold a formula and
 * offices sum these columns).
 */
export interface DateCell {
  /** yyyy-mm-dd */
  date: string;
}
export type Cell = string | number | null | DateCell;

export function isDateCell(cell: Cell): cell is DateCell {
  return typeof cell === 'object' && cell !== null;
}

const ALWAYS_FORMULA = /^[=@\t\r]/;
const BULLET_PROSE = /^[+-][ \t]+\p{L}/u;
const FORMULA_HARM = /[|!]|[\p{L}\p{N}_.]\(/u;

/** Would a spreadsheet evaluate this CSV field as a formula? */
export function looksLikeFormula(text: string): boolean {
  if (ALWAYS_FORMULA.test(text)) return true;
  if (text[0] !== '+' && text[0] !== '-') return false;
  return !BULLET_PROSE.test(text) || FORMULA_HARM.test(text);
}

/** The text as it must be written into a CSV field: inert for spreadsheets. */
export function neutralise(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
