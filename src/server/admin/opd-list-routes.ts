/**
 * /api/v1/admin/opd-list: the Pemda's OPD list (core/opd-list.ts). GET reads it (null when never
 * set: new workshops then start from the built-in Kota Blitar list); PUT replaces it. The list is
 * a synced record, so admin devices also have it offline after a sync; this route is the one way
 * to change it with the list's rules checked (trimmed, non-empty, ≤150 characters, no duplicates
 * ignoring case, ≤300 names). Bad input is 400 naming the line, and nothing is written.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { JSON_BODY_LIMIT, OpdListSchema } from '../../core/index.ts';
import { z } from '../../core/zod.ts';
import type { AuthEnv } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { getPemdaOpdList, setPemdaOpdList } from '../workshops/index.ts';
import { requireAdmin } from './require-admin.ts';

const PutSchema = z.object({ opdList: OpdListSchema }).strict();

export function adminOpdListRoutes(
  deps: Pick<ServerDeps, 'sync' | 'workshops' | 'devices' | 'hlc' | 'clock'>,
) {
  return new Hono<AuthEnv>()
    .use(requireAdmin(deps.devices, deps.clock))
    .get('/', async (c) => c.json(await getPemdaOpdList(deps.sync)))
    .put('/', bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }), async (c) => {
      const body = await jsonBody(c, PutSchema);
      await setPemdaOpdList(deps, body.opdList);
      return c.json(await getPemdaOpdList(deps.sync));
    });
}
