/**
 * One cell of an exported sheet, and the formula-injection rule every format applies.
 *
 * A cell is text or a number. Text is everything a person typed and every label we write
 * (dates as dd/mm/yyyy, pick-list values, status labels); numbers are only the counts that
 * this code computes (the recap). The rule is the same in CSV and XLSX so that a file looks the
 * same whichever format an office opens:
 *   - every TEXT cell that starts with `=`, `+`, `-`, `@`, tab (0x09) or CR (0x0D) gets a leading
 *     `'` (OWASP "CSV Injection"), so a spreadsheet shows it as text and never evaluates it;
 *     "-5 hari" therefore reads "'-5 hari": text that looks like a number is still text;
 *   - NUMBER cells are written as numbers (CSV: digits, XLSX: a numeric cell), never prefixed,
 *     because a number cannot hold a formula and offices sum these columns.
 * In XLSX an inline string is never evaluated as a formula anyway; the prefix is kept there too
 * so that the two formats agree and a sheet copied out of Excel into CSV stays inert.
 */
export type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as it must be written into a cell: inert for spreadsheets. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
