/** A tiny test client over `app.request()`: register, sync, and change builders. */
// Relative imports, not `$src/…`: bench/ runs this file under tsx, which knows no vitest alias.
import { createHash } from 'node:crypto';
import {
  encodeHlc,
  type Change,
  type SyncRequest,
  type SyncResponse,
  SyncResponseSchema,
  uuidv7,
} from '../../../../src/core/index.ts';
import type { App } from '../../../../src/server/app.ts';

/** The secret a test device of this id holds (the same every time: registering the id again is
 * the same device retrying, as a real one keeps its secret). */
export function secretOf(deviceId: string): string {
  return createHash('sha256').update(`secret:${deviceId}`).digest('hex');
}

export async function register(
  app: App,
  deviceId = `dev-${uuidv7()}`,
): Promise<{ deviceId: string; token: string }> {
  const res = await app.request('/api/v1/devices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId, deviceSecret: secretOf(deviceId) }),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`register: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  return { deviceId, token: body.token };
}

export function post(app: App, path: string, token: string | null, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function sync(
  app: App,
  dev: { deviceId: string; token: string },
  since: number,
  changes: Change[],
  limit?: number,
  /** Further request fields (e.g. holdsOwn). */
  extra: Partial<SyncRequest> = {},
): Promise<SyncResponse> {
  const res = await post(app, '/api/v1/sync', dev.token, {
    deviceId: dev.deviceId,
    since,
    changes,
    ...(limit ? { limit } : {}),
    ...extra,
  });
  if (res.status !== 200) throw new Error(`sync: ${res.status} ${await res.text()}`);
  return SyncResponseSchema.parse(await res.json());
}

/** A stamp at wall ms `wall` from `node`. */
export function stamp(wall: number, node: string, counter = 0): string {
  return encodeHlc({ wall, counter, node });
}

/** A change writing `fields` with one stamp and base. */
export function change(
  table: Change['table'],
  id: string,
  fields: Record<string, Change['fields'][string]>,
  at: string,
  base: string | null = null,
): Change {
  const names = Object.keys(fields);
  return {
    changeId: uuidv7(),
    table,
    id,
    fields,
    stamps: Object.fromEntries(names.map((n) => [n, at])),
    bases: Object.fromEntries(names.map((n) => [n, base])),
  };
}
