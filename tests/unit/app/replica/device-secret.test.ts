/**
 * Issue 19, the device side of proof of possession: the device makes its secret once, keeps it
 * with its sync state (Dexie meta), and sends it — in the registration body and, on every sync,
 * in a header — so the server can hand its id to nobody else. A device from before secrets (a
 * token, a queue, no secret) makes one at its next round and the server takes it with that
 * round's valid token: its queue goes out as before, nothing is lost.
 * Against the real server app in-process (fault/harness.ts), each device its own Dexie database.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '$src/app/db/db.ts';
import { deviceSecret } from '$src/app/replica/device.ts';
import { SYNC_KEYS } from '$src/app/replica/keys.ts';
import type { FetchLike } from '$src/app/sync/transport.ts';
import { DEVICE_SECRET_HEADER } from '$src/core/protocol.ts';
import { deviceId } from '$src/app/replica/device.ts';
import {
  TEST_WORKSHOP,
  inProcessServer,
  makeDevice,
  provisionFacilitator,
  type Device,
  type InProcessServer,
} from '../../../fault/harness.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

let server: InProcessServer;
const devices: Device[] = [];
beforeEach(async () => {
  server = await inProcessServer();
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  await server.close();
});

/** A fetch that keeps each request's path, secret header and JSON body (when plain). */
function recording() {
  const seen: { path: string; secretHeader: string | null; body: unknown }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    seen.push({
      path: new URL(input).pathname,
      secretHeader: headers.get(DEVICE_SECRET_HEADER),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
    });
    return server.fetch(input, init);
  };
  return { fetch, seen };
}

const entry = (nama: string) => ({
  nama,
  opd: 'Dinas Kesehatan',
  tahapan: 'Inisiatif',
  workshopId: TEST_WORKSHOP,
});

describe('the device secret', () => {
  it('is made once, kept, and sent when registering and with every sync', async () => {
    const net = recording();
    const d = await makeDevice('baru', net.fetch);
    devices.push(d);
    expect((await d.engine.round()).ok).toBe(true);
    const secret = (await d.db.meta.get(SYNC_KEYS.deviceSecret))?.value;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await deviceSecret(d.db)).toBe(secret);

    const register = net.seen.find((r) => r.path.endsWith('/devices'));
    expect(register?.body).toMatchObject({ deviceId: await deviceId(d.db), deviceSecret: secret });
    const syncs = net.seen.filter((r) => r.path.endsWith('/sync'));
    expect(syncs.length).toBeGreaterThan(0);
    expect(syncs.every((r) => r.secretHeader === secret)).toBe(true);
    // The server keeps only its hash.
    expect((await server.store.deviceById(await deviceId(d.db)))?.secretHash).toBe(sha256(secret as string));

    // A second round (and a reopened database) keeps the same secret.
    await d.write('entries', 'e1', { ...entry('Kedua'), workshopId: null, authorId: await deviceId(d.db) });
    expect((await d.engine.round()).ok).toBe(true);
    d.db.close();
    await d.db.open();
    expect(await deviceSecret(d.db)).toBe(secret);
  });

  it('a device from before secrets keeps its queue: its next round sends it and sets its secret', async () => {
    const net = recording();
    const d = await makeDevice('lama', net.fetch, {
      provision: (id) => provisionFacilitator(server.store, id),
    });
    devices.push(d);
    // As an earlier release left it: a token, three changes queued, no secret anywhere.
    for (const n of ['Satu', 'Dua', 'Tiga']) await d.write('entries', `e-${n}`, entry(n));
    expect(await d.db.meta.get(SYNC_KEYS.deviceSecret)).toBeUndefined();
    const id = await deviceId(d.db);
    expect((await server.store.deviceById(id))?.secretHash).toBeNull();
    expect(await d.db.outbox.count()).toBe(3);

    const r = await d.engine.round();
    expect(r).toMatchObject({ ok: true, accepted: 3, rejected: 0 });
    expect(await d.db.outbox.count()).toBe(0);
    for (const n of ['Satu', 'Dua', 'Tiga'])
      expect((await server.store.getRecord('entries', `e-${n}`))?.fields['nama']).toBe(n);
    // No re-registration was needed: the old token carried it, and the secret is now the server's.
    expect(net.seen.some((x) => x.path.endsWith('/devices'))).toBe(false);
    const secret = (await d.db.meta.get(SYNC_KEYS.deviceSecret))?.value as string;
    expect((await server.store.deviceById(id))?.secretHash).toBe(sha256(secret));
  });

  it('a lost token is renewed with the secret alone; the queue waits and goes', async () => {
    const d = await makeDevice('hilang', server.fetch);
    devices.push(d);
    expect((await d.engine.round()).ok).toBe(true);
    const id = await deviceId(d.db);
    await d.write('entries', 'e-x', { ...entry('Sesudah'), workshopId: null, authorId: id });
    // The token is gone (a server that forgot it answers 401): the secret gets the id back.
    await d.db.meta.put({ key: SYNC_KEYS.token, value: 'f'.repeat(64) });
    const r = await d.engine.round();
    expect(r).toMatchObject({ ok: true, accepted: 1 });
    expect(await d.db.outbox.count()).toBe(0);
    // A stranger without the secret cannot take the same id.
    const stranger = await server.fetch('http://lumbung.test/api/v1/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: id }),
    });
    expect(stranger.status).toBe(409);
  });
});

describe('the secret stays on the device', () => {
  it('is never written into a backup file', async () => {
    const { buildBackup } = await import('$src/app/db/backup.ts');
    const db = openDb(`backup-${Math.random().toString(36).slice(2)}`);
    await db.open();
    const secret = await deviceSecret(db);
    const backup = await buildBackup(db);
    expect(JSON.stringify(backup)).not.toContain(secret);
    db.close();
    await db.delete();
  });
});
