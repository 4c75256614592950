/**
 * POST /join: a join code → a device token scoped to the code's workshop and role (issue 4).
 * The token is random (core randomToken) and stored only as its SHA-256; joining again with the
 * same device id (sending its current token as Bearer) replaces the token, so the previous one
 * answers 401 from then on; the device keeps its id, so its entries stay its own. Rate-limited
 * per IP, so codes cannot be guessed by brute force.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { JoinRequestSchema, JSON_BODY_LIMIT, randomToken, type JoinResponse } from '../../core/index.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { rateLimit } from '../http/rate-limit.ts';

/** A lost answer to a first join is retried without a token for this long. */
export const JOIN_RETRY_GRACE_MS = 10 * 60_000;

/**
 * Device ids are not secret (they are the HLC node id in every stamp and the authorId of every
 * entry), so a known id is only re-issued to whoever proves to hold its current token (Bearer
 * header), or within the grace after its first join (the answer was lost on the way).
 */
async function mayTakeDeviceId(
  deps: ServerDeps,
  deviceId: string,
  authorization: string | undefined,
  now: number,
) {
  const existing = await deps.store.deviceById(deviceId);
  if (!existing || existing.revokedAt !== null) return; // new, or refused as revoked below
  const bearer = bearerToken(authorization);
  const holder = bearer ? await deps.store.deviceByTokenHash(hashToken(bearer)) : null;
  if (holder?.id === deviceId) return;
  if (now - existing.createdAt < JOIN_RETRY_GRACE_MS) return;
  throw new ApiHttpError(409, 'join.device_known');
}

export function joinRoutes(deps: ServerDeps) {
  return new Hono().post(
    '/',
    rateLimit(deps.joinLimit, deps.clock),
    bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }),
    async (c) => {
      const body = await jsonBody(c, JoinRequestSchema);
      const code = await deps.store.workshopCode(body.code);
      const workshop = code ? await deps.store.getRecord('workshops', code.workshopId) : null;
      if (!code || !workshop || workshop.fields['deleted'] === true)
        throw new ApiHttpError(404, 'join.invalid_code');
      if (workshop.fields['closed'] === true) throw new ApiHttpError(403, 'join.workshop_closed');
      const now = deps.clock();
      await mayTakeDeviceId(deps, body.deviceId, c.req.header('authorization'), now);
      const token = randomToken();
      const outcome = await deps.store.issueDevice({
        id: body.deviceId,
        tokenHash: hashToken(token),
        name: body.name.trim(),
        role: code.role,
        workshopId: code.workshopId,
        expiresAt: null,
        now,
      });
      // A revoked device stays revoked: joining again is not a way around the admin.
      if (outcome === 'revoked') throw new ApiHttpError(403, 'api.forbidden');
      let participantCode: string | undefined;
      if (code.role === 'facilitator') {
        const codes = await deps.store.workshopCodes(code.workshopId);
        participantCode = codes.find((k) => k.role === 'participant')?.code;
      }
      const answer: JoinResponse = {
        token,
        deviceId: body.deviceId,
        role: code.role,
        personId: body.deviceId,
        workshop,
        ...(participantCode ? { participantCode } : {}),
        now,
      };
      return c.json(answer, outcome === 'created' ? 201 : 200, { 'Cache-Control': 'no-store' });
    },
  );
}
