/**
 * POST /devices: open registration without a workshop, OFF unless the server runs with
 * OPEN_REGISTRATION=1 (anyone who reaches the server could otherwise make devices and
 * upload photos); off, it answers 404 like any unknown route, and devices join by code
 * (POST /join). A retry after a lost answer gets a fresh token for the same device id when it
 * shows the device's secret or token (auth/device-proof.ts); a revoked device id stays revoked.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { DeviceRegisterRequestSchema, JSON_BODY_LIMIT, randomToken } from '../../core/index.ts';
import { deviceProof, issuedOrThrow } from '../auth/device-proof.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { rateLimit } from '../http/rate-limit.ts';

export function deviceRoutes(
  deps: Pick<ServerDeps, 'devices' | 'openRegistration' | 'registerLimit' | 'rates' | 'clock'>,
) {
  return new Hono().post(
    '/',
    async (_c, next) => {
      if (!deps.openRegistration) throw new ApiHttpError(404, 'api.not_found');
      await next();
    },
    rateLimit(deps.registerLimit, deps.rates, 'register', deps.clock),
    bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }),
    async (c) => {
      const body = await jsonBody(c, DeviceRegisterRequestSchema);
      const token = randomToken();
      const now = deps.clock();
      const outcome = await deps.devices.registerDevice({
        ...deviceProof(body.deviceSecret, c.req.header('authorization')),
        id: body.deviceId,
        tokenHash: hashToken(token),
        name: body.name ?? null,
        now,
      });
      return c.json(
        { deviceId: body.deviceId, token, now },
        issuedOrThrow(outcome) === 'created' ? 201 : 200,
        {
          'Cache-Control': 'no-store',
        },
      );
    },
  );
}
