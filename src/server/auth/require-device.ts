/** Middleware: resolve the bearer token to a principal, or answer 401. The only auth seam. */
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../store/types.ts';
import { ApiHttpError } from '../http/errors.ts';
import { roleOf, type AuthEnv } from './principal.ts';
import { bearerToken, hashToken } from './tokens.ts';

export function requireDevice(store: Store): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const device = token ? await store.deviceByTokenHash(hashToken(token)) : null;
    if (!device || device.revokedAt !== null) throw new ApiHttpError(401, 'api.unauthorized');
    c.set('principal', { deviceId: device.id, role: roleOf(device.role), workshopId: device.workshopId });
    await next();
  };
}
