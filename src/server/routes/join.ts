/**
 * POST /join: a join code → a device token scoped to the code's workshop and role.
 * The token is random (core randomToken) and stored only as its SHA-256; joining again with the
 * same device id replaces the token, so the previous one answers 401 from then on; the device
 * keeps its id, so its entries stay its own. A known id is re-issued (re-join, move to another
 * workshop) only to whoever shows the device's secret or its current token (see
 * auth/device-proof.ts): ids are public, they are in every stamp. Rate-limited per IP, counted
 * before any work, so codes cannot be guessed by brute force.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { JoinRequestSchema, JSON_BODY_LIMIT, randomToken, type JoinResponse } from '../../core/index.ts';
import { deviceProof, issuedOrThrow } from '../auth/device-proof.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { readPickLists } from '../lists/read.ts';

export function joinRoutes(deps: ServerDeps) {
  return new Hono().post(
    '/',
    rateLimit(deps.joinLimit, deps.rates, 'join', deps.clock),
    bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }),
    async (c) => {
      const body = await jsonBody(c, JoinRequestSchema);
      const code = await deps.store.workshopCode(body.code);
      const workshop = code ? await deps.store.getRecord('workshops', code.workshopId) : null;
      if (!code || !workshop || workshop.fields['deleted'] === true)
        throw new ApiHttpError(404, 'join.invalid_code');
      if (workshop.fields['closed'] === true) throw new ApiHttpError(403, 'join.workshop_closed');
      const now = deps.clock();
      const token = randomToken();
      const outcome = await deps.store.issueDevice({
        ...deviceProof(body.deviceSecret, c.req.header('authorization')),
        id: body.deviceId,
        tokenHash: hashToken(token),
        name: body.name.trim(),
        role: code.role,
        workshopId: code.workshopId,
        expiresAt: null,
        now,
      });
      issuedOrThrow(outcome);
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
        // The lists its forms offer, so a device that goes offline right after joining has them.
        lists: await readPickLists(deps.store),
        now,
      };
      return c.json(answer, outcome === 'created' ? 201 : 200, { 'Cache-Control': 'no-store' });
    },
  );
}
