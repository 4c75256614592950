/**
 * Middleware for admin routes and exports: a valid, unexpired, unrevoked device token whose
 * role is 'admin'. No or bad token → 401; a participant's or facilitator's token → 403. It reads
 * the device itself (not through auth/require-device) so the expiry of an admin session holds
 * here whatever the general device check does.
 */
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../auth/principal.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import { ApiHttpError } from '../http/errors.ts';
import type { DeviceStore } from '../store/types.ts';

export function requireAdmin(
  devices: Pick<DeviceStore, 'deviceByTokenHash'>,
  clock: () => number,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const device = token ? await devices.deviceByTokenHash(hashToken(token)) : null;
    const live =
      device && device.revokedAt === null && (device.expiresAt === null || device.expiresAt > clock());
    if (!live) throw new ApiHttpError(401, 'api.unauthorized');
    if (device.role !== 'admin') throw new ApiHttpError(403, 'api.forbidden');
    c.set('principal', { deviceId: device.id, role: 'admin', workshopId: null, personId: device.id });
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
