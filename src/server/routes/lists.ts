/**
 * GET /api/v1/lists: the lists every signed-in device keeps for its forms (server/lists/read.ts):
 * the Pemda's OPD list and each year's edited tematik and KIPP lists. Any device token may read
 * them (OPD names and categories are no secret). Devices ask after every sync round, so the
 * answer carries an ETag: an unchanged list costs a 304 with no body.
 */
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import type { AuthEnv } from '../auth/principal.ts';
import { requireDevice } from '../auth/require-device.ts';
import type { ServerDeps } from '../deps.ts';
import { readPickLists } from '../lists/read.ts';

export function listRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get('/', requireDevice(deps.store, deps.clock), async (c) => {
    const body = JSON.stringify(await readPickLists(deps.store));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  });
}
