/** Read and validate a JSON body: bad JSON → 400 api.bad_json, wrong shape → 400 api.invalid_body
 * with its issues. The one place request JSON enters, so nothing is ever cast unchecked. */
import type { Context } from 'hono';
import type { z } from '../../core/zod.ts';
import { issueCode } from '../../core/index.ts';
import { ApiHttpError } from './errors.ts';

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
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), code: issueCode(i) }));
    throw new ApiHttpError(400, 'api.invalid_body', issues);
  }
  return r.data;
}
