/** Middleware: resolve the bearer token to a principal, or answer 401. The only auth seam. A
 * revoked device, a replaced token (re-join) and an expired sign-in (admin) all answer 401. */
import type { MiddlewareHandler } from 'hono';
import { DEVICE_SECRET_HEADER, DeviceSecretSchema } from '../../core/index.ts';
import type { DeviceStore } from '../store/types.ts';
import { ApiHttpError } from '../http/errors.ts';
import { roleOf, type AuthEnv } from './principal.ts';
import { bearerToken, hashToken } from './tokens.ts';

/** How stale "last seen" may get: the write it costs happens at most this often per device. */
export const LAST_SEEN_GAP_MS = 60_000;

export function requireDevice(
  devices: Pick<DeviceStore, 'deviceByTokenHash' | 'claimDeviceSecret' | 'touchDevice'>,
  now: () => number = Date.now,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const device = token ? await devices.deviceByTokenHash(hashToken(token)) : null;
    if (!device || device.revokedAt !== null) throw new ApiHttpError(401, 'api.unauthorized');
    if (device.expiresAt !== null && device.expiresAt <= now())
      throw new ApiHttpError(401, 'api.unauthorized');
    // A device from before secrets proves its secret once, by the token it holds: the
    // first authenticated request that carries one sets it, and a known id then needs it.
    if (device.secretHash === null) {
      const secret = DeviceSecretSchema.safeParse(c.req.header(DEVICE_SECRET_HEADER));
      if (secret.success) await devices.claimDeviceSecret(device.id, hashToken(secret.data));
    }
    const role = roleOf(device.role);
    // A facilitator token without a workshop cannot exist by construction; if a row says so,
    // it is treated as the least privileged kind (a participant of no workshop).
    const scoped = role === 'facilitator' && device.workshopId === null ? 'participant' : role;
    // "Last seen" for the admin's lists: one small write a minute per device at most, and only
    // after the token checked out (a refused request is not a visit).
    const at = now();
    if (device.lastSeenAt === null || at - device.lastSeenAt >= LAST_SEEN_GAP_MS)
      await devices.touchDevice(device.id, at, LAST_SEEN_GAP_MS);
    c.set('principal', {
      deviceId: device.id,
      role: scoped,
      workshopId: scoped === 'admin' ? null : device.workshopId,
      personId: device.id,
    });
    await next();
  };
}
