/**
 * The list editors' textarea (one OPD, or one tematik or KIPP kategori, a line) checked by the same rules as the server
 * (core/opd-list.ts OpdListSchema), with each problem pinned to the line a person typed it on
 * (blank lines are skipped, so list positions and line numbers differ). Pure: tests feed text.
 */
import { OpdListSchema } from '../../../core/opd-list.ts';
import { issueCode } from '../../../core/text.ts';
import type { z } from '../../../core/zod.ts';

export interface OpdLineIssue {
  /** 1-based line of the textarea; 0 for the list as a whole (too many names). */
  line: number;
  code: string;
}

export interface OpdLinesResult {
  list: string[];
  issues: OpdLineIssue[];
}

export function checkOpdLines(text: string): OpdLinesResult {
  return checkLines(text, OpdListSchema);
}

/** The same for any list schema of the same shape (the yearly tematik and KIPP lists too). */
export function checkLines(text: string, schema: z.ZodType<string[], unknown>): OpdLinesResult {
  const lines: number[] = [];
  const list: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const name = raw.trim();
    if (name.length === 0) return;
    list.push(name);
    lines.push(i + 1);
  });
  const r = schema.safeParse(list);
  if (r.success) return { list: r.data, issues: [] };
  const issues: OpdLineIssue[] = [];
  for (const issue of r.error.issues) {
    const at = issue.path[0];
    const line = typeof at === 'number' ? (lines[at] ?? 0) : 0;
    if (!issues.some((x) => x.line === line)) issues.push({ line, code: issueCode(issue) });
  }
  return { list, issues: issues.sort((a, b) => a.line - b.line) };
}

/** The textarea's text of a list. */
export function opdListToLines(list: readonly string[]): string {
  return list.join('\n');
}
