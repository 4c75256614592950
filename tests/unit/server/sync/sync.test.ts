/**
 * The sync contract through app.request(), on SQLite and (when it answers) PostgreSQL:
 * round trip, replay safety, paging without gaps or repeats, clock skew, conflicts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import {
  conflictId,
  JSON_BODY_LIMIT,
  MAX_CLOCK_AHEAD_MS,
  SyncResponseSchema,
  uuidv7,
} from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { change, register as registerOpen, stamp, sync } from '../helpers/client.ts';
import { adminDevice } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const YEAR = 365 * 24 * 3600 * 1000;

describe.each(await storeKinds())('sync on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, () => now);
  });
  afterEach(async () => {
    await opened.dispose();
  });
  // The protocol runs the same for every role; admins may write and read everything, so these
  // tests keep testing sync. Roles and their refusals: permissions.test.ts.
  const register = (_app: App) => adminDevice(opened.store, now);

  it('registers a device and round-trips a change to another device', async () => {
    const a = await register(app);
    const b = await register(app);
    const id = uuidv7(T0);
    const res = await sync(app, a, 0, [
      change(
        'entries',
        id,
        { nama: 'Sikat Gigi', opd: 'Dinas Kesehatan', tahapan: 'Inisiatif' },
        stamp(T0, a.deviceId),
      ),
    ]);
    expect(res.rejected).toEqual([]);
    expect(res.accepted).toHaveLength(1);
    expect(res.now).toBe(T0);
    const pulled = await sync(app, b, 0, []);
    expect(pulled.changes).toHaveLength(1);
    expect(pulled.changes[0]).toMatchObject({
      table: 'entries',
      id,
      fields: { nama: 'Sikat Gigi', opd: 'Dinas Kesehatan' },
    });
    expect(pulled.cursor).toBeGreaterThan(0);
    const again = await sync(app, b, pulled.cursor, []);
    expect(again.changes).toEqual([]);
    expect(again.cursor).toBe(pulled.cursor);
    expect(again.more).toBe(false);
  });

  it('a replayed push changes nothing and logs nothing twice', async () => {
    const a = await register(app);
    const id = uuidv7(T0);
    const changes = [
      change('entries', id, { nama: 'A', opd: 'X', tahapan: 'Inisiatif' }, stamp(T0, a.deviceId)),
      change('entries', id, { nama: 'A2' }, stamp(T0 + 1, a.deviceId), stamp(T0, a.deviceId)),
    ];
    const first = await sync(app, a, 0, changes);
    const logged = await opened.store.countChangeLog();
    expect(logged).toBe(4);
    const before = await opened.store.getRecord('entries', id);
    for (let i = 0; i < 3; i++) {
      const replay = await sync(app, a, first.cursor, changes);
      expect(replay.accepted).toEqual(changes.map((c) => c.changeId));
      // Nothing new to pull: the record's cursor position did not move.
      expect(replay.changes).toEqual([]);
      expect(replay.cursor).toBe(first.cursor);
    }
    expect(await opened.store.countChangeLog()).toBe(logged);
    expect(await opened.store.getRecord('entries', id)).toEqual(before);
  });

  it('a pull never skips or repeats a record across pages, with writes between pages', async () => {
    const writer = await register(app);
    const reader = await register(app);
    const expected = new Map<string, string>();
    const lastStamp = new Map<string, string>();
    let t = T0;
    const write = async (n: number) => {
      const changes = [];
      for (let i = 0; i < n; i++) {
        // Half new records, half edits of earlier ones (an edit moves a record to a later seq).
        const ids = [...expected.keys()];
        const id = i % 2 === 1 && ids.length > 0 ? ids[(i * 7) % ids.length]! : uuidv7(t);
        const nama = `n${t}`;
        t += 1;
        expected.set(id, nama);
        // The writer saw its own previous value: a plain edit, not a conflict.
        const at = stamp(t, writer.deviceId);
        changes.push(change('entries', id, { nama }, at, lastStamp.get(id) ?? null));
        lastStamp.set(id, at);
      }
      const r = await sync(app, writer, 0, changes, 1);
      expect(r.rejected).toEqual([]);
    };
    await write(40);
    const seen = new Map<string, string>();
    const cursors: number[] = [];
    let cursor = 0;
    for (let page = 0; page < 200; page++) {
      const r = await sync(app, reader, cursor, [], 7);
      const ids = r.changes.map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const d of r.changes) seen.set(d.id, d.fields['nama'] as string);
      expect(r.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = r.cursor;
      cursors.push(cursor);
      if (page < 4) await write(9);
      if (!r.more && page >= 4) break;
    }
    // The reader holds exactly the server's latest value of every record.
    expect(seen).toEqual(expected);
    const last = await sync(app, reader, cursor, []);
    expect(last.changes).toEqual([]);
  });

  it('rejects a stamp from the server future with api.clock_ahead and stores nothing', async () => {
    const a = await register(app);
    const id = uuidv7(T0);
    const ahead = change(
      'entries',
      id,
      { nama: 'future' },
      stamp(T0 + MAX_CLOCK_AHEAD_MS + 1000, a.deviceId),
    );
    const fine = change('entries', uuidv7(T0), { nama: 'now' }, stamp(T0, a.deviceId));
    const r = await sync(app, a, 0, [ahead, fine]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ id: ahead.changeId, code: 'api.clock_ahead' });
    expect(r.rejected[0]!.message).toMatch(/jam/i);
    expect(r.accepted).toEqual([fine.changeId]);
    expect(await opened.store.getRecord('entries', id)).toBeNull();
  });

  it('a concurrent edit creates a conflict record and keeps both values in the change log', async () => {
    const a = await register(app);
    const b = await register(app);
    const id = uuidv7(T0);
    const created = stamp(T0, a.deviceId);
    await sync(app, a, 0, [change('entries', id, { nama: 'awal', opd: 'X', tahapan: 'Inisiatif' }, created)]);
    // Both edit `nama` having seen only `created`: concurrent. B's stamp is later and wins.
    const aEdit = change('entries', id, { nama: 'versi A' }, stamp(T0 + 10, a.deviceId), created);
    const bEdit = change('entries', id, { nama: 'versi B' }, stamp(T0 + 20, b.deviceId), created);
    await sync(app, b, 0, [bEdit]);
    const r = await sync(app, a, 0, [aEdit]);
    expect(r.accepted).toEqual([aEdit.changeId]);
    const rec = await opened.store.getRecord('entries', id);
    expect(rec?.fields['nama']).toBe('versi B');
    const cid = conflictId({ table: 'entries', recordId: id, field: 'nama', stamp: aEdit.stamps['nama']! });
    const conflict = r.changes.find((d) => d.table === 'conflicts' && d.id === cid);
    expect(conflict?.fields).toEqual({
      table: 'entries',
      recordId: id,
      field: 'nama',
      value: 'versi A',
      stamp: aEdit.stamps['nama'],
      winnerStamp: bEdit.stamps['nama'],
      resolved: false,
      deleted: false,
    });
    // entry 3 fields + B's nama + A's lost nama + 8 conflict fields
    expect(await opened.store.countChangeLog()).toBe(3 + 1 + 1 + 8);

    // A device marks it resolved; a replay of the losing edit does not reopen it.
    const resolve = change(
      'conflicts',
      cid,
      { resolved: true },
      stamp(T0 + 30, b.deviceId),
      conflict!.stamps['resolved']!,
    );
    expect((await sync(app, b, 0, [resolve])).rejected).toEqual([]);
    await sync(app, a, 0, [aEdit]);
    expect((await opened.store.getRecord('conflicts', cid))?.fields['resolved']).toBe(true);
    expect(await opened.store.countChangeLog()).toBe(3 + 1 + 1 + 8 + 1);
    // Another device resolves it without having seen the server's stamp (base null): logged,
    // but no conflict about the conflict.
    const blind = change('conflicts', cid, { resolved: true }, stamp(T0 + 40, a.deviceId), null);
    const r2 = await sync(app, a, 0, [blind]);
    expect(r2.rejected).toEqual([]);
    expect(r2.changes.filter((d) => d.table === 'conflicts')).toHaveLength(1);
    expect(await opened.store.countChangeLog()).toBe(3 + 1 + 1 + 8 + 2);
  });

  it('does not echo a push back to its sender once it has pulled (since > 0), and still moves the cursor past it', async () => {
    const a = await register(app);
    const b = await register(app);
    const seen = uuidv7(T0);
    await sync(app, b, 0, [
      change('entries', seen, { nama: 'dari B', opd: 'Y', tahapan: 'Inisiatif' }, stamp(T0, b.deviceId)),
    ]);
    const first = await sync(app, a, 0, []);
    expect(first.cursor).toBeGreaterThan(0);
    const ids = [uuidv7(T0), uuidv7(T0)];
    const created = stamp(T0, a.deviceId);
    const push = await sync(
      app,
      a,
      first.cursor,
      ids.map((id) => change('entries', id, { nama: 'milik A', opd: 'X', tahapan: 'Inisiatif' }, created)),
    );
    expect(push.accepted).toHaveLength(2);
    expect(push.changes).toEqual([]);
    // The cursor passed them: a pull from there has nothing, a pull from 0 has both.
    expect(push.cursor).toBeGreaterThan(first.cursor);
    expect((await sync(app, a, push.cursor, [])).changes).toEqual([]);
    expect((await sync(app, a, 0, [])).changes.map((d) => d.id).sort()).toEqual([seen, ...ids].sort());
    // Another device's write in between still comes, in the same answer as A's push.
    const other = uuidv7(T0);
    await sync(app, b, 0, [
      change(
        'entries',
        other,
        { nama: 'milik B', opd: 'Y', tahapan: 'Inisiatif' },
        stamp(T0 + 1, b.deviceId),
      ),
    ]);
    const edit = change('entries', ids[0]!, { nama: 'A lagi' }, stamp(T0 + 2, a.deviceId), created);
    const next = await sync(app, a, push.cursor, [edit]);
    // ids[0] holds stamps A sent earlier (opd, tahapan), not only this push's: it comes back.
    expect(next.changes.map((d) => d.id).sort()).toEqual([other, ids[0]!].sort());
    expect(next.changes.find((d) => d.id === ids[0])?.fields['nama']).toBe('A lagi');
  });

  it('with holdsOwn, a push sent before the answer to the one before it (same cursor) gets neither echoed, and everything else', async () => {
    const a = await register(app);
    const b = await register(app);
    const entryOf = (id: string, nama: string, at: string) =>
      change('entries', id, { nama, opd: 'X', tahapan: 'Inisiatif' }, at);
    await sync(app, b, 0, [entryOf(uuidv7(T0), 'awal B', stamp(T0, b.deviceId))]);
    const first = await sync(app, a, 0, []);
    expect(first.cursor).toBeGreaterThan(0);
    const ids1 = [uuidv7(T0), uuidv7(T0), uuidv7(T0)];
    const p1 = await sync(
      app,
      a,
      first.cursor,
      ids1.map((id) => entryOf(id, 'milik A', stamp(T0, a.deviceId))),
    );
    const fromB = uuidv7(T0);
    await sync(app, b, 0, [entryOf(fromB, 'milik B', stamp(T0 + 1, b.deviceId))]);
    // Sent with the cursor from before p1's answer: p1's records are after it, and are A's own.
    const id2 = uuidv7(T0);
    const page2 = [entryOf(id2, 'milik A', stamp(T0 + 2, a.deviceId))];
    const p2 = await sync(app, a, first.cursor, page2, undefined, { holdsOwn: true });
    expect(p1.accepted).toHaveLength(3);
    expect(p2.changes.map((d) => d.id)).toEqual([fromB]);
    expect(p2.cursor).toBeGreaterThan(p1.cursor);
    // Without it (a device re-pulling after a discard may lack its own values) they all come.
    const plain = await sync(app, a, first.cursor, []);
    expect(plain.changes.map((d) => d.id).sort()).toEqual([...ids1, fromB, id2].sort());
    // A record that holds a field B wrote, even if A wrote the rest, still comes to A.
    const shared = ids1[0]!;
    await sync(app, b, 0, [change('entries', shared, { opd: 'dari B' }, stamp(T0 + 3, b.deviceId), null)]);
    const p3 = await sync(app, a, plain.cursor, [], undefined, { holdsOwn: true });
    expect(p3.changes.filter((d) => d.table === 'entries').map((d) => d.id)).toEqual([shared]);
  });

  it("echoes a push whose record holds another device's field, and the conflict record of a lost edit", async () => {
    const a = await register(app);
    const b = await register(app);
    const id = uuidv7(T0);
    const created = stamp(T0, a.deviceId);
    const c0 = await sync(app, a, 0, [
      change('entries', id, { nama: 'awal', opd: 'X', tahapan: 'Inisiatif' }, created),
    ]);
    await sync(app, b, 0, [change('entries', id, { nama: 'versi B' }, stamp(T0 + 20, b.deviceId), created)]);
    // A edits nama and opd concurrently; B's nama wins: the record holds B's stamp, so it comes back
    // to A with the winner, and so does the conflict record the server made.
    const aEdit = change('entries', id, { nama: 'versi A', opd: 'Z' }, stamp(T0 + 10, a.deviceId), created);
    const r = await sync(app, a, c0.cursor, [aEdit]);
    expect(r.changes.find((d) => d.id === id)?.fields).toMatchObject({ nama: 'versi B', opd: 'Z' });
    expect(r.changes.some((d) => d.table === 'conflicts')).toBe(true);
  });

  it('a push from cursor 0 (a reset device) gets its own records echoed with everything else', async () => {
    const a = await register(app);
    const id = uuidv7(T0);
    const r = await sync(app, a, 0, [
      change('entries', id, { nama: 'A', opd: 'X', tahapan: 'Inisiatif' }, stamp(T0, a.deviceId)),
    ]);
    expect(r.changes.map((d) => d.id)).toEqual([id]);
  });

  describe('gzip request bodies', () => {
    const post = (dev: { token: string }, body: Uint8Array | string, encoding?: string) =>
      app.request('/api/v1/sync', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${dev.token}`,
          ...(encoding ? { 'content-encoding': encoding } : {}),
        },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
    const code = async (res: Response) => ((await res.json()) as { code: string }).code;

    it('decodes a gzipped push (with its header, or recognised by its magic bytes without it)', async () => {
      const a = await register(app);
      for (const encoding of ['gzip', undefined]) {
        const id = uuidv7(T0);
        const body = JSON.stringify({
          deviceId: a.deviceId,
          since: 0,
          changes: [
            change('entries', id, { nama: 'gz', opd: 'X', tahapan: 'Inisiatif' }, stamp(T0, a.deviceId)),
          ],
        });
        const res = await post(a, gzipSync(body), encoding);
        expect(res.status).toBe(200);
        expect(SyncResponseSchema.parse(await res.json()).accepted).toHaveLength(1);
        expect((await opened.store.getRecord('entries', id))?.fields['nama']).toBe('gz');
      }
    });

    it('refuses a zip bomb (over 1 MB once inflated) with 413 and stores nothing', async () => {
      const a = await register(app);
      const id = uuidv7(T0);
      // Valid JSON of ~5 MB (a long run of spaces), ~5 KB gzipped: under the limit as sent.
      const body = `{"deviceId":"${a.deviceId}","since":0,"changes":[${JSON.stringify(
        change('entries', id, { nama: 'bom', opd: 'X', tahapan: 'Inisiatif' }, stamp(T0, a.deviceId)),
      )}${' '.repeat(5 * 1024 * 1024)}]}`;
      const zipped = gzipSync(body);
      expect(zipped.length).toBeLessThan(JSON_BODY_LIMIT);
      const res = await post(a, zipped, 'gzip');
      expect(res.status).toBe(413);
      expect(await code(res)).toBe('api.too_large');
      expect(await opened.store.getRecord('entries', id)).toBeNull();
      expect(await opened.store.countChangeLog()).toBe(0);
    });

    it('answers corrupt gzip and an unknown encoding with 400 api.bad_json', async () => {
      const a = await register(app);
      const broken = gzipSync('{"deviceId":"x"}').subarray(0, 12);
      const r1 = await post(a, broken, 'gzip');
      expect([r1.status, await code(r1)]).toEqual([400, 'api.bad_json']);
      const r2 = await post(a, JSON.stringify({ deviceId: a.deviceId, since: 0, changes: [] }), 'br');
      expect([r2.status, await code(r2)]).toEqual([400, 'api.bad_json']);
    });
  });

  it("issue 26's two cases through the push path: every unseen edit becomes a conflict, whatever the order", async () => {
    const p = await register(app);
    const f = await register(app);
    const cid = (id: string, st: string) =>
      conflictId({ table: 'entries', recordId: id, field: 'tujuan', stamp: st });
    const open = async (id: string, st: string) => {
      const c = await opened.store.getRecord('conflicts', cid(id, st));
      return c !== null && c.fields['deleted'] !== true;
    };
    // 1. F edits P's entry offline; P edits twice (v2 over v1) and pushes both; then F pushes.
    const e1 = uuidv7(T0);
    const v0 = stamp(T0, p.deviceId);
    await sync(app, p, 0, [change('entries', e1, { nama: 'n', tujuan: 'v0' }, v0)]);
    const vF = change('entries', e1, { tujuan: 'vF' }, stamp(T0 + 1000, f.deviceId), v0);
    const v1 = change('entries', e1, { tujuan: 'v1' }, stamp(T0 + 2000, p.deviceId), v0);
    const v2 = change('entries', e1, { tujuan: 'v2' }, stamp(T0 + 3000, p.deviceId), v1.stamps['tujuan']!);
    await sync(app, p, 0, [v1, v2]);
    await sync(app, f, 0, [vF]);
    expect((await opened.store.getRecord('entries', e1))?.fields['tujuan']).toBe('v2');
    expect(await open(e1, vF.stamps['tujuan']!)).toBe(true);
    expect(await open(e1, v1.stamps['tujuan']!)).toBe(false);

    // 2. P's vP is in; F, not having pulled, edits vF1 then vF2; vF2 arrives first.
    const e2 = uuidv7(T0);
    const w0 = stamp(T0, p.deviceId);
    await sync(app, p, 0, [change('entries', e2, { nama: 'n', tujuan: 'v0' }, w0)]);
    const vP = change('entries', e2, { tujuan: 'vP' }, stamp(T0 + 1000, p.deviceId), w0);
    const vF1 = change('entries', e2, { tujuan: 'vF1' }, stamp(T0 + 2000, f.deviceId), w0);
    const vF2 = change('entries', e2, { tujuan: 'vF2' }, stamp(T0 + 3000, f.deviceId), vF1.stamps['tujuan']!);
    await sync(app, p, 0, [vP]);
    await sync(app, f, 0, [vF2]);
    await sync(app, f, 0, [vF1]);
    expect(await open(e2, vP.stamps['tujuan']!)).toBe(true);

    // The same, but F had pulled vP (vF1 is based on it): open while vF1 is missing, withdrawn
    // when it arrives; a person's "resolved" on it meanwhile is left as it is.
    const e3 = uuidv7(T0);
    await sync(app, p, 0, [change('entries', e3, { nama: 'n', tujuan: 'v0' }, w0)]);
    const uP = change('entries', e3, { tujuan: 'vP' }, stamp(T0 + 1000, p.deviceId), w0);
    const uF1 = change('entries', e3, { tujuan: 'vF1' }, stamp(T0 + 2000, f.deviceId), uP.stamps['tujuan']!);
    const uF2 = change('entries', e3, { tujuan: 'vF2' }, stamp(T0 + 3000, f.deviceId), uF1.stamps['tujuan']!);
    await sync(app, p, 0, [uP]);
    await sync(app, f, 0, [uF2]);
    expect(await open(e3, uP.stamps['tujuan']!)).toBe(true);
    const made = (await opened.store.getRecord('conflicts', cid(e3, uP.stamps['tujuan']!)))!;
    const resolve = change(
      'conflicts',
      made.id,
      { resolved: true },
      stamp(T0 + 4000, p.deviceId),
      made.stamps['resolved']!,
    );
    expect((await sync(app, p, 0, [resolve])).rejected).toEqual([]);
    const after = await sync(app, f, 0, [uF1]);
    const withdrawn = after.changes.find((d) => d.id === made.id);
    expect(withdrawn?.fields).toMatchObject({ deleted: true, resolved: true });
    expect(await open(e3, uP.stamps['tujuan']!)).toBe(false);
  });

  it('a device a year behind gets its edit in, without beating a newer edit made elsewhere', async () => {
    const late = await register(app);
    const good = await register(app);
    const id = uuidv7(T0);
    const created = stamp(T0 - 1000, good.deviceId);
    await sync(app, good, 0, [
      change('entries', id, { nama: 'awal', opd: 'X', tahapan: 'Inisiatif' }, created),
    ]);
    await sync(app, good, 0, [change('entries', id, { nama: 'baru' }, stamp(T0, good.deviceId), created)]);
    // The late device edits `opd` (no competition) and `nama` (competes with a newer edit).
    const behind = T0 - YEAR;
    const r = await sync(app, late, 0, [
      change('entries', id, { opd: 'Dinas Pendidikan' }, stamp(behind, late.deviceId), created),
      change('entries', id, { nama: 'lama' }, stamp(behind, late.deviceId, 1), created),
    ]);
    expect(r.rejected).toEqual([]);
    expect(r.accepted).toHaveLength(2);
    const rec = await opened.store.getRecord('entries', id);
    expect(rec?.fields['nama']).toBe('baru');
    // Its `nama` lost to a newer edit: kept in the record's history.
    const history = await opened.store.history('entries', id);
    expect(history.filter((h) => h.field === 'nama').map((h) => h.value)).toEqual(['lama', 'awal', 'baru']);
    expect(history.find((h) => h.value === 'lama')?.deviceId).toBe(late.deviceId);
    // Its `opd` lost to the (concurrent) creation stamp, and its `nama` to 'baru', whose author
    // (like it) saw only the creation: both kept as conflicts to restore.
    const conflicts = r.changes.filter((d) => d.table === 'conflicts').map((d) => d.fields['value']);
    expect(conflicts.sort()).toEqual(['Dinas Pendidikan', 'lama']);
  });

  it('rejects a forbidden table write alone and still applies the rest', async () => {
    // A self-registered device (participant of no workshop): workshops and conflict fields are not its.
    const a = await registerOpen(app);
    const ws = change('workshops', uuidv7(T0), { nama: 'Lokakarya' }, stamp(T0, a.deviceId));
    const conflictForge = change('conflicts', 'x', { value: 'hack', resolved: false }, stamp(T0, a.deviceId));
    const ok = change(
      'entries',
      uuidv7(T0),
      { nama: 'bagus', opd: 'X', tahapan: 'Inisiatif', authorId: a.deviceId, workshopId: null },
      stamp(T0, a.deviceId),
    );
    const r = await sync(app, a, 0, [ws, conflictForge, ok]);
    expect(r.rejected.map((x) => [x.id, x.code])).toEqual([
      [ws.changeId, 'api.forbidden'],
      [conflictForge.changeId, 'api.forbidden'],
    ]);
    expect(r.accepted).toEqual([ok.changeId]);
    expect(r.changes.map((d) => d.table)).toEqual(['entries']);
  });

  it('rejects a wrong type, an unknown field and an unknown table with their issues', async () => {
    const a = await register(app);
    const wrongType = change('entries', uuidv7(T0), { nama: 42 }, stamp(T0, a.deviceId));
    const unknownField = change('entries', uuidv7(T0), { nama: 'ok', bogus: 'x' }, stamp(T0, a.deviceId));
    const r = await sync(app, a, 0, [wrongType, unknownField]);
    expect(r.accepted).toEqual([]);
    expect(r.rejected).toEqual([
      expect.objectContaining({
        id: wrongType.changeId,
        code: 'api.invalid_body',
        issues: [{ path: 'nama', code: 'field.invalid' }],
      }),
      expect.objectContaining({
        id: unknownField.changeId,
        code: 'api.invalid_body',
        issues: [{ path: 'bogus', code: 'field.unknown' }],
      }),
    ]);
    expect(r.changes).toEqual([]);
    expect(await opened.store.countChangeLog()).toBe(0);
  });
});
