/**
 * /api/v1/admin: sign-in and the central office's management routes. Sign-in hands out a DEVICE
 * token with role 'admin' (12 hours), so the admin's PWA also syncs everything with it and the
 * dashboard works offline from the synced copy. Every other route sits behind requireAdmin.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { z } from '../../core/zod.ts';
import { DeviceSecretSchema, JSON_BODY_LIMIT, idSchema, randomToken } from '../../core/index.ts';
import { roleOf, type AuthEnv } from '../auth/principal.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { tooMany, type RateLimit } from '../http/rate-limit.ts';
import { deviceProof, issuedOrThrow } from '../auth/device-proof.ts';
import { checkPassword } from './accounts.ts';
import { BUSY, passwordGate } from './password-gate.ts';
import { attemptKeys, countAttempt, knownBrowser } from './sign-in.ts';
import { param } from './param.ts';
import { requireAdmin } from './require-admin.ts';
import { entryTimeline } from './timeline.ts';
import { adminOpdListRoutes } from './opd-list-routes.ts';
import { adminPickListRoutes } from './pick-list-routes.ts';
import { adminFollowUpRoutes } from './follow-up-routes.ts';
import { adminWorkshopRoutes } from './workshop-routes.ts';

export const ADMIN_SESSION_MS = 12 * 3600 * 1000;

const DeviceIdSchema = idSchema();
const RecordIdSchema = z.string().min(1).max(200);
const RoleFilterSchema = z.enum(['participant', 'facilitator', 'admin']).optional();

const LoginSchema = z
  .object({
    username: z.string().min(1).max(60),
    password: z.string().min(1).max(200),
    deviceId: DeviceIdSchema,
    name: z.string().max(100).optional(),
    deviceSecret: DeviceSecretSchema.optional(),
  })
  .strict();

export interface AdminRouteOptions {
  /** Sign-in attempts per IP and per username, and per known browser (default 5 per 15
   * minutes; admin/sign-in.ts). */
  loginLimit?: RateLimit;
  /** Password checks at once in this process (default 1) and queued behind them (default 8). */
  passwordChecks?: { running: number; waiting: number };
}

export function adminRoutes(
  deps: Pick<
    ServerDeps,
    'sync' | 'devices' | 'admins' | 'workshops' | 'lists' | 'followUps' | 'rates' | 'hlc' | 'clock'
  >,
  opts: AdminRouteOptions = {},
) {
  const limit = opts.loginLimit ?? { max: 5, windowMs: 15 * 60_000 };
  const checks = opts.passwordChecks ?? { running: 1, waiting: 8 };
  const gate = passwordGate(checks.running, checks.waiting);
  const admin = requireAdmin(deps.devices, deps.clock);
  const jsonLimit = bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge });

  return new Hono<AuthEnv>()
    .post('/login', jsonLimit, async (c) => {
      const body = await jsonBody(c, LoginSchema);
      const username = body.username.trim().toLowerCase();
      const found = await deps.admins.adminByUsername(username);
      const known = await knownBrowser(deps.devices, found, body.deviceId, body.deviceSecret);
      const keys = attemptKeys(c, username, body.deviceId, known);
      // Counted before the password is hashed (admin/sign-in.ts), then checked few at a time.
      await countAttempt(c, deps.rates, keys, limit, deps.clock);
      const ok = await gate(known, () => checkPassword(deps.admins, found, body.password));
      if (ok === BUSY) tooMany(c, 1000);
      if (!ok || !found) throw new ApiHttpError(401, 'admin.bad_credentials');
      const account = found;
      for (const k of keys) await deps.rates.refund(k);
      const token = randomToken();
      const now = deps.clock();
      const expiresAt = now + ADMIN_SESSION_MS;
      // An admin browser from before device secrets (none stored, its session perhaps expired or
      // ended) is proven by the password just checked: the admin may revoke any device anyway.
      // It sends its secret now, which the device row keeps from then on.
      const before = await deps.devices.deviceById(body.deviceId);
      const legacyAdmin = before?.secretHash === null && before.role === 'admin';
      const outcome = await deps.devices.issueDevice({
        ...deviceProof(body.deviceSecret, c.req.header('authorization')),
        trusted: legacyAdmin,
        adminId: account.id,
        id: body.deviceId,
        tokenHash: hashToken(token),
        name: body.name ?? `admin ${account.username}`,
        role: 'admin',
        workshopId: null,
        expiresAt,
        now,
      });
      issuedOrThrow(outcome);
      return c.json({ token, expiresAt, deviceId: body.deviceId, role: 'admin' as const }, 200, {
        'Cache-Control': 'no-store',
      });
    })

    .post('/logout', async (c) => {
      const token = bearerToken(c.req.header('authorization'));
      if (!token) throw new ApiHttpError(401, 'api.unauthorized');
      const ended = await deps.devices.endDeviceToken(
        hashToken(token),
        hashToken(randomToken()),
        deps.clock(),
      );
      if (!ended) throw new ApiHttpError(401, 'api.unauthorized');
      return c.body(null, 204);
    })

    .get('/devices', admin, async (c) => {
      // ?role=facilitator&workshopId=… : the facilitators of one workshop (the admin's list).
      const role = param(RoleFilterSchema, c.req.query('role'), 'role');
      const workshopId = param(RecordIdSchema.optional(), c.req.query('workshopId'), 'workshopId');
      const devices = (await deps.devices.listDevices()).filter(
        (d) =>
          (role === undefined || roleOf(d.role) === role) &&
          (workshopId === undefined || d.workshopId === workshopId),
      );
      const names = new Map<string, string | null>();
      for (const id of new Set(devices.map((d) => d.workshopId).filter((w) => w !== null))) {
        const w = await deps.sync.getRecord('workshops', id);
        names.set(id, typeof w?.fields.nama === 'string' ? w.fields.nama : null);
      }
      return c.json({
        devices: devices.map((d) => ({
          id: d.id,
          name: d.name,
          role: roleOf(d.role),
          workshopId: d.workshopId,
          workshopName: d.workshopId ? (names.get(d.workshopId) ?? null) : null,
          createdAt: d.createdAt,
          expiresAt: d.expiresAt,
          revokedAt: d.revokedAt,
          lastSeenAt: d.lastSeenAt,
        })),
      });
    })

    .post('/devices/:id/revoke', admin, async (c) => {
      const id = param(DeviceIdSchema, c.req.param('id'), 'id');
      const now = deps.clock();
      if (!(await deps.devices.revokeDevice(id, now))) throw new ApiHttpError(404, 'api.not_found');
      return c.json({ id, revokedAt: now });
    })

    .get('/entries/:id/timeline', admin, async (c) => {
      const id = param(RecordIdSchema, c.req.param('id'), 'id');
      const timeline = await entryTimeline(deps.sync, deps.devices, id);
      if (!timeline) throw new ApiHttpError(404, 'api.not_found');
      return c.json(timeline);
    })

    .route('/workshops', adminWorkshopRoutes(deps))
    .route('/opd-list', adminOpdListRoutes(deps))
    .route('/pick-lists', adminPickListRoutes(deps))
    .route('/follow-ups', adminFollowUpRoutes(deps));
}
