/** Test principals for issue 4: workshops made through createWorkshop, devices joined through
 * POST /join, and admin tokens issued straight into the store (the admin sign-in is issue 5's). */
import { JoinResponseSchema, randomToken, uuidv7, type JoinResponse } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { hashToken } from '$src/server/auth/tokens.ts';
import { createServerClock } from '$src/server/sync/server-clock.ts';
import type { Store } from '$src/server/store/types.ts';
import { createWorkshop, type CreatedWorkshop, type WorkshopInput } from '$src/server/workshops/index.ts';
import { post } from './client.ts';

export interface Dev {
  deviceId: string;
  token: string;
}

export async function adminDevice(
  store: Store,
  now: number,
  opts: { expiresAt?: number | null; deviceId?: string } = {},
): Promise<Dev> {
  const token = randomToken();
  const deviceId = opts.deviceId ?? `admin-${uuidv7()}`;
  await store.issueDevice({
    secretHash: null,
    bearerHash: null,
    trusted: true,
    id: deviceId,
    tokenHash: hashToken(token),
    name: 'Admin',
    role: 'admin',
    workshopId: null,
    expiresAt: opts.expiresAt ?? null,
    now,
  });
  return { deviceId, token };
}

export function seedWorkshop(
  store: Store,
  clock: () => number,
  input: Partial<WorkshopInput> = {},
): Promise<CreatedWorkshop> {
  return createWorkshop(
    { sync: store, workshops: store, clock, hlc: createServerClock(clock) },
    { nama: 'Lokakarya Uji', tanggal: '2026-11-27', ...input },
  );
}

export function joinRaw(app: App, body: unknown, token?: string) {
  return post(app, '/api/v1/join', token ?? null, body);
}

export async function join(
  app: App,
  code: string,
  deviceId = `dev-${uuidv7()}`,
  name = 'Peserta',
): Promise<Dev & { res: JoinResponse }> {
  const res = await joinRaw(app, { code, deviceId, name, opd: 'Dinas Kesehatan' });
  if (res.status !== 201 && res.status !== 200) throw new Error(`join: ${res.status} ${await res.text()}`);
  const body = JoinResponseSchema.parse(await res.json());
  return { deviceId, token: body.token, res: body };
}
