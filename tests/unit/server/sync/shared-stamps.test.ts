/**
 * Shared stamps on the wire (core/protocol.ts SHARED_STAMPS_HEADER): a push whose changes give
 * one stamp and one base for all their fields is stored exactly as the same push with a stamp
 * and a base per field; a device that says it reads them gets records whose fields share a stamp
 * that way, any other device gets the maps; every answer says the server reads them.
 */
import { describe, expect, it } from 'vitest';
import {
  SHARED_STAMPS,
  SHARED_STAMPS_HEADER,
  SyncResponseSchema,
  uuidv7,
  type Change,
} from '$src/core/index.ts';
import { packStamps } from '$src/core/shared-stamps.ts';
import { change, stamp } from '../helpers/client.ts';
import { useAdminApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);

describe('shared stamps on the wire', () => {
  const t = useAdminApp(T0);

  /** POST /sync with `changes` as given (maps or shared), reading shared stamps or not. */
  const post = (changes: unknown[], readsShared: boolean, since = 0) =>
    t.app.request('/api/v1/sync', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.dev.token}`,
        ...(readsShared ? { [SHARED_STAMPS_HEADER]: SHARED_STAMPS } : {}),
      },
      body: JSON.stringify({ deviceId: t.dev.deviceId, since, changes }),
    });

  it('stores a push with shared stamps exactly as the same push with maps', async () => {
    const s = stamp(T0 - 1000, t.dev.deviceId);
    const entry = (id: string): Change =>
      change('entries', id, { nama: 'SIDOTI', opd: 'Dinas Kesehatan', deleted: false }, s);
    const [a, b] = [entry(uuidv7()), entry(uuidv7())];
    const shared = packStamps(a);
    expect(shared.stamps).toBe(s);
    expect(shared.bases).toBeNull();

    const res = await post([shared, b], false);
    expect(res.status).toBe(200);
    expect((await res.json()) as { accepted: string[] }).toMatchObject({
      accepted: [a.changeId, b.changeId],
    });
    const stored = await Promise.all([a, b].map((c) => t.opened.store.getRecord('entries', c.id)));
    expect(stored[0]).toEqual({
      table: 'entries',
      id: a.id,
      fields: a.fields,
      stamps: a.stamps,
      bases: a.bases,
    });
    expect(stored[1]).toEqual({ ...stored[0], id: b.id });
    // The same change log for both: one row per field, with its stamp and base.
    const logOf = async (id: string) =>
      (await t.opened.store.history('entries', id)).map(({ field, stamp, base, value }) => ({
        field,
        stamp,
        base,
        value,
      }));
    expect(await logOf(a.id)).toHaveLength(3);
    expect(await logOf(a.id)).toEqual(await logOf(b.id));
  });

  it('sends shared stamps only to a device that reads them, and the same records either way', async () => {
    const s1 = stamp(T0 - 2000, t.dev.deviceId);
    const s2 = stamp(T0 - 1000, t.dev.deviceId);
    const one = change('entries', uuidv7(), { nama: 'SIDOTI', opd: 'Dinas Kesehatan' }, s1);
    // Edited later in one field: its fields no longer share one stamp.
    const two = change('entries', uuidv7(), { nama: 'SI-ANTIK', opd: 'Dinas Sosial' }, s1);
    const edit = change('entries', two.id, { nama: 'SI-ANTIK 2' }, s2, s1);
    expect((await post([one, two, edit], false)).status).toBe(200);

    const sharedRes = await post([], true);
    const plainRes = await post([], false);
    for (const res of [sharedRes, plainRes]) {
      expect(res.headers.get(SHARED_STAMPS_HEADER)).toBe(SHARED_STAMPS);
      expect(res.headers.get('vary')).toMatch(new RegExp(SHARED_STAMPS_HEADER, 'i'));
    }
    const sharedRaw = (await sharedRes.json()) as {
      changes: { id: string; stamps: unknown; bases: unknown }[];
    };
    const plainRaw = (await plainRes.json()) as { changes: { id: string; stamps: unknown }[] };
    const byId = (rows: { id: string; stamps: unknown; bases?: unknown }[], id: string) =>
      rows.find((r) => r.id === id)!;
    expect(byId(sharedRaw.changes, one.id)).toMatchObject({ stamps: s1, bases: null });
    expect(byId(sharedRaw.changes, two.id).stamps).toEqual({ nama: s2, opd: s1 });
    for (const r of plainRaw.changes) expect(typeof r.stamps).toBe('object');
    // Parsed, both answers hold the same records.
    expect(SyncResponseSchema.parse(sharedRaw).changes).toEqual(SyncResponseSchema.parse(plainRaw).changes);
  });

  it.each([
    ['a shared stamp that is not an HLC', { stamps: 'kemarin' }],
    ['a shared stamp on no field', { fields: {} }],
    ['a shared base that is not an HLC', { bases: 'kemarin' }],
  ])('refuses %s, storing nothing', async (_what, override) => {
    const s = stamp(T0 - 1000, t.dev.deviceId);
    const c = packStamps(change('entries', uuidv7(), { nama: 'SIDOTI' }, s));
    expect(c.stamps).toBe(s);
    const bad = { ...c, ...override };
    const logged = await t.opened.store.countChangeLog();
    const res = await post([bad], false);
    expect(res.status).toBe(400);
    expect(await t.opened.store.getRecord('entries', c.id)).toBeNull();
    expect(await t.opened.store.countChangeLog()).toBe(logged);
  });
});
