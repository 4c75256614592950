/**
 * /api/v1/admin/follow-ups: follow-ups of stagnant innovations (core/follow-up.ts), admin only.
 * GET lists them (at most MAX_LIST); PUT /:entryId sets one (the whole follow-up, checked with the
 * shared schema: a bad field is 400 naming it and nothing is written); DELETE /:entryId removes
 * it. An entry the server does not hold, or a deleted one, is 404 either way.
 */
import { Hono } from 'hono';
import { FollowUpInputSchema, type FollowUp } from '../../core/follow-up.ts';
import { JSON_BODY_LIMIT } from '../../core/index.ts';
import { z } from '../../core/zod.ts';
import type { AuthEnv } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { bodyLimit } from '../http/body-limit.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { param } from './param.ts';
import { requireAdmin } from './require-admin.ts';

/** More than a Pemda has innovations; the answer stays bounded whatever the table holds. */
export const MAX_FOLLOW_UPS = 20_000;

const EntryIdSchema = z.string().min(1).max(200);

export function adminFollowUpRoutes(deps: ServerDeps) {
  const liveEntry = async (id: string): Promise<void> => {
    const e = await deps.store.getRecord('entries', id);
    if (!e || e.fields.deleted === true) throw new ApiHttpError(404, 'api.not_found');
  };
  return new Hono<AuthEnv>()
    .use(requireAdmin(deps.store, deps.clock))
    .get('/', async (c) => c.json({ followUps: await deps.store.followUps.list(MAX_FOLLOW_UPS) }))
    .put('/:entryId', bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }), async (c) => {
      const entryId = param(EntryIdSchema, c.req.param('entryId'), 'entryId');
      const body = await jsonBody(c, FollowUpInputSchema);
      await liveEntry(entryId);
      const followUp: FollowUp = {
        entryId,
        ...body,
        penanggungJawab: body.penanggungJawab.trim(),
        updatedAt: deps.clock(),
        updatedBy: c.get('principal').deviceId,
      };
      await deps.store.followUps.put(followUp);
      return c.json({ followUp });
    })
    .delete('/:entryId', async (c) => {
      const entryId = param(EntryIdSchema, c.req.param('entryId'), 'entryId');
      if (!(await deps.store.followUps.remove(entryId))) throw new ApiHttpError(404, 'api.not_found');
      return c.json({ entryId });
    });
}
