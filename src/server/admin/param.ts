/** Route params and query strings enter through zod like bodies do: a bad one is 400
 * api.invalid_body naming its path. */
import type { z } from '../../core/zod.ts';
import { ApiHttpError } from '../http/errors.ts';

export function param<S extends z.ZodType>(schema: S, value: unknown, path: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiHttpError(400, 'api.invalid_body', [{ path, code: 'field.invalid' }]);
  return r.data;
}
