/**
 * PUT /api/v1/admin/pick-lists/:kind/:year `{ items }`: the admin's tematik or KIPP kategori list
 * for one year (core/pick-lists.ts), replacing what that year had. The list's rules (trimmed,
 * non-empty, ≤150 characters, no duplicates ignoring case, 1–50 values) are checked before
 * anything is written; a bad kind, year or line is 400 naming it. Devices get the lists by
 * GET /api/v1/lists and keep the last copy offline.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { JSON_BODY_LIMIT, PICK_LIST_KINDS, PickListItemsSchema, PickYearSchema } from '../../core/index.ts';
import { z } from '../../core/zod.ts';
import type { AuthEnv } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { requireAdmin } from './require-admin.ts';

const PutSchema = z.object({ items: PickListItemsSchema }).strict();
const KindSchema = z.enum(PICK_LIST_KINDS);

function pathParam<S extends z.ZodType>(schema: S, value: unknown, path: string, code: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiHttpError(400, 'api.invalid_body', [{ path, code }]);
  return r.data;
}

export function adminPickListRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>()
    .use(requireAdmin(deps.store, deps.clock))
    .put('/:kind/:year', bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }), async (c) => {
      const kind = pathParam(KindSchema, c.req.param('kind'), 'kind', 'field.invalid_choice');
      const year = pathParam(PickYearSchema, c.req.param('year'), 'year', 'field.invalid_year');
      const body = await jsonBody(c, PutSchema);
      return c.json(await deps.store.putPickList(kind, year, body.items, deps.clock()));
    });
}
