/** Read and validate a JSON body: bad JSON → 400 api.bad_json, nested too deep → 400
 * api.too_deep, NUL or a lone surrogate in a string → 400 api.invalid_body (field.control_chars),
 * wrong shape → 400 api.invalid_body with its issues. The one place request JSON enters, so
 * nothing is ever cast unchecked. */
import type { Context } from 'hono';
import type { z } from '../../core/zod.ts';
import { issueCode } from '../../core/index.ts';
import { ApiHttpError } from './errors.ts';
import { jsonShapeProblem } from './json-shape.ts';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return jsonText(await c.req.text(), schema);
}

/** The same for a body already read (e.g. decoded from gzip: sync/request-body.ts). */
export function jsonText<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiHttpError(400, 'api.bad_json');
  }
  const problem = jsonShapeProblem(raw, text.includes('\\u'));
  if (problem?.kind === 'too_deep') throw new ApiHttpError(400, 'api.too_deep');
  if (problem) throw new ApiHttpError(400, 'api.invalid_body', [problem.issue]);
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), code: issueCode(i) }));
    throw new ApiHttpError(400, 'api.invalid_body', issues);
  }
  return r.data;
}
