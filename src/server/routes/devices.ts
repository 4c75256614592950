/**
 * POST /devices: open registration for now (issue 3). Issue 4 replaces it with join codes
 * (POST /join) that scope the token to a workshop and role. A retry after a lost answer gets a
 * fresh token for the same device id; a revoked device id stays revoked.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { DeviceRegisterRequestSchema, JSON_BODY_LIMIT, randomToken } from '../../core/index.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { rateLimit } from '../http/rate-limit.ts';

export function deviceRoutes(deps: ServerDeps) {
  return new Hono().post(
    '/',
    rateLimit(deps.registerLimit, deps.clock),
    bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }),
    async (c) => {
      const body = await jsonBody(c, DeviceRegisterRequestSchema);
      const token = randomToken();
      const now = deps.clock();
      const outcome = await deps.store.registerDevice({
        id: body.deviceId,
        tokenHash: hashToken(token),
        name: body.name ?? null,
        now,
      });
      if (outcome === 'revoked') throw new ApiHttpError(403, 'api.forbidden');
      return c.json({ deviceId: body.deviceId, token, now }, outcome === 'created' ? 201 : 200, {
        'Cache-Control': 'no-store',
      });
    },
  );
}
