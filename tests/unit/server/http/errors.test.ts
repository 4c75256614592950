/**
 * Every bad request is a clear 4xx with its stable code, and stores nothing: bad JSON, wrong
 * shape, oversized body, missing / forged / revoked token, someone else's device id, unknown route.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema, JSON_BODY_LIMIT, randomToken, uuidv7 } from '$src/core/index.ts';
import { createApp, type App } from '$src/server/app.ts';
import { change, post, register, secretOf, stamp } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = ApiErrorSchema.parse(await res.json());
  expect(body.code).toBe(code);
  // Indonesian first, English beside it, both non-empty.
  expect(body.message.length).toBeGreaterThan(5);
  expect(body.messageEn.length).toBeGreaterThan(5);
  return body;
}

describe.each(await storeKinds())('HTTP errors on %s', (kind) => {
  let opened: Opened;
  let app: App;

  beforeEach(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const nothingStored = async () => {
    expect(await opened.store.countChangeLog()).toBe(0);
    expect((await opened.store.pull(0, 10)).records).toEqual([]);
  };

  it('bad JSON is 400 api.bad_json', async () => {
    const dev = await register(app);
    await expectError(await post(app, '/api/v1/sync', dev.token, '{"deviceId": '), 400, 'api.bad_json');
    await expectError(await post(app, '/api/v1/devices', null, 'not json'), 400, 'api.bad_json');
    await nothingStored();
  });

  it('a body of the wrong shape is 400 api.invalid_body with its issues', async () => {
    const dev = await register(app);
    const body = await expectError(
      await post(app, '/api/v1/sync', dev.token, { deviceId: dev.deviceId, since: -1, changes: [] }),
      400,
      'api.invalid_body',
    );
    expect(body.issues?.map((i) => i.path)).toContain('since');
    // An unknown table fails the wire schema itself (table is an enum).
    const bad = {
      ...change('entries', uuidv7(T0), { nama: 'x' }, stamp(T0, dev.deviceId)),
      table: 'secrets',
    };
    const r = await expectError(
      await post(app, '/api/v1/sync', dev.token, { deviceId: dev.deviceId, since: 0, changes: [bad] }),
      400,
      'api.invalid_body',
    );
    expect(r.issues?.[0]?.path).toBe('changes.0.table');
    await nothingStored();
  });

  it('a JSON body over 1 MB is 413 api.too_large', async () => {
    const dev = await register(app);
    const big = 'x'.repeat(JSON_BODY_LIMIT + 10);
    const c = change('entries', uuidv7(T0), { nama: big }, stamp(T0, dev.deviceId));
    await expectError(
      await post(app, '/api/v1/sync', dev.token, { deviceId: dev.deviceId, since: 0, changes: [c] }),
      413,
      'api.too_large',
    );
    await expectError(
      await post(app, '/api/v1/devices', null, { deviceId: 'd1', name: big }),
      413,
      'api.too_large',
    );
    await nothingStored();
  });

  it('a missing, forged or malformed token is 401 api.unauthorized', async () => {
    const dev = await register(app);
    const body = {
      deviceId: dev.deviceId,
      since: 0,
      changes: [change('entries', uuidv7(T0), { nama: 'x' }, stamp(T0, dev.deviceId))],
    };
    await expectError(await post(app, '/api/v1/sync', null, body), 401, 'api.unauthorized');
    await expectError(await post(app, '/api/v1/sync', randomToken(), body), 401, 'api.unauthorized');
    await expectError(await post(app, '/api/v1/sync', 'short', body), 401, 'api.unauthorized');
    await nothingStored();
  });

  it('a revoked token is 401, and the revoked device id cannot register again', async () => {
    const dev = await register(app);
    expect(await opened.store.revokeDevice(dev.deviceId, T0)).toBe(true);
    const body = {
      deviceId: dev.deviceId,
      since: 0,
      changes: [change('entries', uuidv7(T0), { nama: 'x' }, stamp(T0, dev.deviceId))],
    };
    await expectError(await post(app, '/api/v1/sync', dev.token, body), 401, 'api.unauthorized');
    // Its holder (its secret) learns it is revoked; anyone else gets the answer of any known id.
    await expectError(
      await post(app, '/api/v1/devices', null, {
        deviceId: dev.deviceId,
        deviceSecret: secretOf(dev.deviceId),
      }),
      403,
      'api.forbidden',
    );
    await expectError(
      await post(app, '/api/v1/devices', null, { deviceId: dev.deviceId }),
      409,
      'join.device_known',
    );
    await nothingStored();
  });

  it('re-registering rotates the token: a lost answer can be retried, the old token stops working', async () => {
    const first = await register(app, 'dev-retry');
    const second = await register(app, 'dev-retry');
    expect(second.token).not.toBe(first.token);
    await expectError(
      await post(app, '/api/v1/sync', first.token, { deviceId: 'dev-retry', since: 0, changes: [] }),
      401,
      'api.unauthorized',
    );
    expect(
      (await post(app, '/api/v1/sync', second.token, { deviceId: 'dev-retry', since: 0, changes: [] }))
        .status,
    ).toBe(200);
  });

  it('pushing as another device is 403 api.forbidden', async () => {
    const a = await register(app);
    const b = await register(app);
    const body = {
      deviceId: b.deviceId,
      since: 0,
      changes: [change('entries', uuidv7(T0), { nama: 'x' }, stamp(T0, b.deviceId))],
    };
    await expectError(await post(app, '/api/v1/sync', a.token, body), 403, 'api.forbidden');
    await nothingStored();
  });

  it('an unknown route is 404 api.not_found; health answers', async () => {
    await expectError(await app.request('/api/v1/nope'), 404, 'api.not_found');
    await expectError(await app.request('/api/v2/sync', { method: 'POST' }), 404, 'api.not_found');
    const h = await app.request('/api/v1/health');
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ ok: true, version: 'dev', db: kind, now: T0 });
  });

  it('registration is rate-limited per client', async () => {
    const limited = createApp({
      store: opened.store,
      blobs: opened.blobs,
      clock: () => T0,
      registerLimit: { max: 3, windowMs: 60_000 },
      openRegistration: true,
    });
    for (let i = 0; i < 3; i++)
      expect((await post(limited, '/api/v1/devices', null, { deviceId: `rl-${i}` })).status).toBe(201);
    await expectError(
      await post(limited, '/api/v1/devices', null, { deviceId: 'rl-4' }),
      429,
      'api.rate_limited',
    );
  });

  it('a thrown error is 500 api.internal and is logged', async () => {
    const logged: unknown[] = [];
    const broken = createApp({
      store: { ...opened.store, pullJson: () => Promise.reject(new Error('disk on fire')) },
      blobs: opened.blobs,
      clock: () => T0,
      openRegistration: true,
      log: { info() {}, warn() {}, error: (...a: unknown[]) => logged.push(a) },
    });
    const dev = await register(broken);
    await expectError(
      await post(broken, '/api/v1/sync', dev.token, { deviceId: dev.deviceId, since: 0, changes: [] }),
      500,
      'api.internal',
    );
    expect(String(logged)).toContain('disk on fire');
  });
});
