/**
 * What every JSON body must be before zod sees it: nested at most JSON_MAX_DEPTH deep (zod walks
 * values recursively, and a 10,000-deep array overflowed its stack: a 500), and with no NUL and no
 * lone surrogate in any string or key (PostgreSQL refuses both in text, SQLite stores them: the
 * same body must get the same answer on both engines). Iterative, so no body can overflow it.
 */
import type { ApiErrorBody } from '../../core/index.ts';

/** Deeper than any body of the API (a sync request's field values sit at depth 5). */
export const JSON_MAX_DEPTH = 32;

export type ShapeProblem =
  { kind: 'too_deep' } | { kind: 'bad_text'; issue: NonNullable<ApiErrorBody['issues']>[number] };

/** A high surrogate not followed by a low one, or a low one not after a high one (no `u` flag:
 * the pattern must see the halves). String#isWellFormed needs the ES2024 library. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string a database stores as sent on both engines: no NUL, no lone UTF-16 surrogate. */
export function cleanText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/**
 * The first problem of a parsed body, or null. `checkText` false skips the string checks: a body
 * whose text has no `\u` escape cannot hold NUL or a lone surrogate (JSON.parse refuses a raw
 * NUL, and the body was decoded from UTF-8, which has no lone surrogates).
 */
export function jsonShapeProblem(value: unknown, checkText: boolean): ShapeProblem | null {
  const stack: [unknown, number, string][] = [[value, 0, '']];
  while (stack.length > 0) {
    const [v, depth, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (checkText && !cleanText(v)) return badText(path);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= JSON_MAX_DEPTH) return { kind: 'too_deep' };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], depth + 1, join(path, String(i))]);
      continue;
    }
    for (const k in v) {
      if (checkText && !cleanText(k)) return badText(join(path, k.replace(/[^\x20-\x7e]/g, '?')));
      stack.push([(v as Record<string, unknown>)[k], depth + 1, join(path, k)]);
    }
  }
  return null;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function badText(path: string): ShapeProblem {
  return { kind: 'bad_text', issue: { path, code: 'field.control_chars' } };
}
