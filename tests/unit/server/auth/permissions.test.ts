/**
 * Issue 4's permission matrix through app.request(), on SQLite and PostgreSQL: every role ×
 * action allowed or refused as DESIGN.md "Roles and access" and auth/permissions.ts state, the
 * reads each role gets in its pulls, and the relay of a participant's entries by a facilitator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7, type Change, type SyncResponse } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { change, register, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

function entry(
  id: string,
  author: string,
  workshopId: string | null,
  by: Dev,
  extra: Change['fields'] = {},
  at = T0,
) {
  return change(
    'entries',
    id,
    {
      nama: 'Sikat Gigi',
      opd: 'Dinas Kesehatan',
      tahapan: 'Inisiatif',
      authorId: author,
      workshopId,
      ...extra,
    },
    stamp(at, by.deviceId),
  );
}

function refusals(r: SyncResponse) {
  return r.rejected.map((x) => [x.code, ...(x.issues ?? []).map((i) => `${i.path}:${i.code}`)]);
}

describe.each(await storeKinds())('permissions on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let now = T0;
  const clock = () => now;
  let A: string;
  let B: string;
  let p1: Dev;
  let p2: Dev;
  let fA: Dev;
  let q: Dev;
  let fB: Dev;
  let admin: Dev;

  beforeEach(async () => {
    now = T0;
    opened = await openStore(kind);
    app = testApp(opened, clock, { joinLimit: { max: 1000, windowMs: 60_000 } });
    const wa = await seedWorkshop(opened.store, clock, { nama: 'Lokakarya A' });
    const wb = await seedWorkshop(opened.store, clock, { nama: 'Lokakarya B' });
    A = wa.workshop.id;
    B = wb.workshop.id;
    p1 = await join(app, wa.participantCode, 'p1');
    p2 = await join(app, wa.participantCode, 'p2');
    fA = await join(app, wa.facilitatorCode, 'fA');
    q = await join(app, wb.participantCode, 'q');
    fB = await join(app, wb.facilitatorCode, 'fB');
    admin = await adminDevice(opened.store, T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  describe('participant', () => {
    it('creates and edits an own entry', async () => {
      const id = uuidv7(T0);
      const created = entry(id, 'p1', A, p1);
      const edit = change('entries', id, { nama: 'Sikat Gigi Massal' }, stamp(T0 + 1, 'p1'), stamp(T0, 'p1'));
      const r = await sync(app, p1, 0, [created, edit]);
      expect(r.rejected).toEqual([]);
      expect(r.accepted).toEqual([created.changeId, edit.changeId]);
      const rec = await opened.store.getRecord('entries', id);
      expect(rec?.fields).toMatchObject({ nama: 'Sikat Gigi Massal', authorId: 'p1', workshopId: A });
    });

    it('an edit that arrives before its entry (or a comment before its own creation) is "not on the server yet", not another workshop\'s; it goes through once the creation is there', async () => {
      const id = uuidv7(T0);
      const created = entry(id, 'p1', A, p1);
      const edit = change('entries', id, { nama: 'Sikat Gigi Massal' }, stamp(T0 + 1, 'p1'), stamp(T0, 'p1'));
      const cid = uuidv7(T0);
      const commentEdit = change('comments', cid, { text: 'ralat' }, stamp(T0 + 2, 'p1'), stamp(T0, 'p1'));
      const early = await sync(app, p1, 0, [edit, commentEdit]);
      expect(refusals(early)).toEqual([
        ['api.not_yet', 'id:api.not_yet'],
        ['api.not_yet', 'id:api.not_yet'],
      ]);
      expect(early.rejected[0]!.message).toContain('belum ada di server');
      const later = await sync(app, p1, 0, [created, edit]);
      expect(later.rejected).toEqual([]);
      expect((await opened.store.getRecord('entries', id))?.fields['nama']).toBe('Sikat Gigi Massal');
    });

    it("may not edit another participant's entry (perm.not_owner)", async () => {
      const id = uuidv7(T0);
      await sync(app, p1, 0, [entry(id, 'p1', A, p1)]);
      const r = await sync(app, p2, 0, [change('entries', id, { nama: 'diubah' }, stamp(T0 + 5, 'p2'))]);
      expect(refusals(r)).toEqual([['api.forbidden', 'authorId:perm.not_owner']]);
      expect(r.accepted).toEqual([]);
      expect((await opened.store.getRecord('entries', id))?.fields['nama']).toBe('Sikat Gigi');
    });

    it('may not forge another author, on a new entry or by re-assigning an own one', async () => {
      const own = uuidv7(T0);
      await sync(app, p1, 0, [entry(own, 'p1', A, p1)]);
      const forged = entry(uuidv7(T0), 'p2', A, p1);
      const reassign = change('entries', own, { authorId: 'p2' }, stamp(T0 + 1, 'p1'));
      const r = await sync(app, p1, 0, [forged, reassign]);
      expect(refusals(r)).toEqual([
        ['api.forbidden', 'authorId:perm.not_owner'],
        ['api.forbidden', 'authorId:perm.not_owner'],
      ]);
      expect(await opened.store.getRecord('entries', forged.id)).toBeNull();
      expect((await opened.store.getRecord('entries', own))?.fields['authorId']).toBe('p1');
    });

    it('may not write into another workshop: create there, move an own entry, or touch its entries', async () => {
      const own = uuidv7(T0);
      const theirs = uuidv7(T0);
      await sync(app, p1, 0, [entry(own, 'p1', A, p1)]);
      await sync(app, q, 0, [entry(theirs, 'q', B, q)]);
      const r = await sync(app, p1, 0, [
        entry(uuidv7(T0), 'p1', B, p1),
        entry(uuidv7(T0), 'p1', null, p1),
        change('entries', own, { workshopId: B }, stamp(T0 + 1, 'p1')),
        change('entries', theirs, { nama: 'x' }, stamp(T0 + 1, 'p1')),
      ]);
      expect(refusals(r)).toEqual([
        ['api.forbidden', 'workshopId:perm.other_workshop'],
        ['api.forbidden', 'workshopId:perm.other_workshop'],
        ['api.forbidden', 'workshopId:perm.other_workshop'],
        ['api.forbidden', 'workshopId:perm.other_workshop'],
      ]);
      expect((await opened.store.getRecord('entries', own))?.fields['workshopId']).toBe(A);
      expect((await opened.store.getRecord('entries', theirs))?.fields['nama']).toBe('Sikat Gigi');
    });

    it('may not write reviews, workshops or mergedInto (perm.role), and the rest of the push applies', async () => {
      const own = uuidv7(T0);
      const other = uuidv7(T0);
      await sync(app, p1, 0, [entry(own, 'p1', A, p1), entry(other + 'x', 'p1', A, p1)]);
      const review = change(
        'reviews',
        uuidv7(T0),
        { entryId: own, status: 'siap_diteruskan', score: 100 },
        stamp(T0 + 1, 'p1'),
      );
      const ws = change('workshops', A, { allowPeerRead: false }, stamp(T0 + 1, 'p1'));
      const merged = change('entries', own, { mergedInto: other + 'x' }, stamp(T0 + 1, 'p1'));
      const fine = change('entries', own, { nama: 'boleh' }, stamp(T0 + 2, 'p1'));
      const r = await sync(app, p1, 0, [review, ws, merged, fine]);
      expect(refusals(r)).toEqual([
        ['api.forbidden', 'table:perm.role'],
        ['api.forbidden', 'table:perm.role'],
        ['api.forbidden', 'mergedInto:perm.role'],
      ]);
      expect(r.accepted).toEqual([fine.changeId]);
      expect(await opened.store.getRecord('reviews', review.id)).toBeNull();
      expect((await opened.store.getRecord('workshops', A))?.fields['allowPeerRead']).toBe(true);
      expect((await opened.store.getRecord('entries', own))?.fields['mergedInto']).toBeUndefined();
    });

    it("attaches photos only to own entries and comments as self on the workshop's entries", async () => {
      const own = uuidv7(T0);
      const peer = uuidv7(T0);
      await sync(app, p1, 0, [entry(own, 'p1', A, p1)]);
      await sync(app, p2, 0, [entry(peer, 'p2', A, p2)]);
      const photo = (entryId: string) =>
        change(
          'attachments',
          uuidv7(T0),
          {
            entryId,
            sha256: 'a'.repeat(64),
            mime: 'image/jpeg',
            width: 10,
            height: 10,
            size: 100,
            authorId: 'p1',
          },
          stamp(T0 + 1, 'p1'),
        );
      const comment = (entryId: string, authorId: string) =>
        change('comments', uuidv7(T0), { entryId, text: 'menarik', authorId }, stamp(T0 + 1, 'p1'));
      const okPhoto = photo(own);
      const okComment = comment(peer, 'p1');
      const r = await sync(app, p1, 0, [
        okPhoto,
        photo(peer),
        okComment,
        comment(peer, 'p2'),
        comment('missing', 'p1'),
      ]);
      expect(refusals(r)).toEqual([
        ['api.forbidden', 'entryId:perm.not_owner'],
        ['api.forbidden', 'authorId:perm.not_owner'],
        ['api.not_yet', 'entryId:perm.unknown_entry'],
      ]);
      expect(r.accepted).toEqual([okPhoto.changeId, okComment.changeId]);
    });

    it("reads the workshop's other entries only when the workshop allows it", async () => {
      const e1 = uuidv7(T0);
      await sync(app, p1, 0, [entry(e1, 'p1', A, p1)]);
      const open = await sync(app, p2, 0, []);
      expect(open.changes.map((d) => d.id)).toEqual([A, e1]);

      // A workshop without peer reading: own entries, the reviews on them, and the workshop.
      const closedWs = await seedWorkshop(opened.store, clock, { nama: 'Tertutup', allowPeerRead: false });
      const W = closedWs.workshop.id;
      const r1 = await join(app, closedWs.participantCode, 'r1');
      const r2 = await join(app, closedWs.participantCode, 'r2');
      const fW = await join(app, closedWs.facilitatorCode, 'fW');
      const x1 = uuidv7(T0);
      const x2 = uuidv7(T0);
      await sync(app, r1, 0, [entry(x1, 'r1', W, r1)]);
      await sync(app, r2, 0, [entry(x2, 'r2', W, r2)]);
      const rev = change(
        'reviews',
        uuidv7(T0),
        { entryId: x2, status: 'perlu_dilengkapi', reason: 'lengkapi' },
        stamp(T0 + 1, 'fW'),
      );
      expect((await sync(app, fW, 0, [rev])).rejected).toEqual([]);
      const seen = await sync(app, r2, 0, []);
      expect(seen.changes.map((d) => `${d.table}/${d.id}`).sort()).toEqual(
        [`workshops/${W}`, `entries/${x2}`, `reviews/${rev.id}`].sort(),
      );
      // ...and may not comment on the entry it cannot read.
      const c = change(
        'comments',
        uuidv7(T0),
        { entryId: x1, text: 'hai', authorId: 'r2' },
        stamp(T0 + 2, 'r2'),
      );
      expect(refusals(await sync(app, r2, 0, [c]))).toEqual([['api.forbidden', 'entryId:perm.not_owner']]);
    });
  });

  describe('facilitator', () => {
    it("reviews, edits any field of the workshop's entries, and enters for kiosk people", async () => {
      const e1 = uuidv7(T0);
      const dup = uuidv7(T0);
      await sync(app, p1, 0, [entry(e1, 'p1', A, p1), entry(dup, 'p1', A, p1)]);
      const review = change(
        'reviews',
        uuidv7(T0),
        {
          entryId: e1,
          workshopId: A,
          status: 'siap_diteruskan',
          tags: ['kesehatan'],
          score: 80,
          reviewerId: 'fA',
        },
        stamp(T0 + 1, 'fA'),
      );
      const fix = change('entries', e1, { nama: 'Sikat Gigi Bersama' }, stamp(T0 + 1, 'fA'));
      const merge = change('entries', dup, { mergedInto: e1 }, stamp(T0 + 1, 'fA'));
      const kiosk = entry(uuidv7(T0), 'kiosk-person-1', A, fA, { enteredBy: 'Fasilitator' });
      const comment = change(
        'comments',
        uuidv7(T0),
        { entryId: e1, text: 'bagus', authorId: 'fA' },
        stamp(T0 + 1, 'fA'),
      );
      const r = await sync(app, fA, 0, [review, fix, merge, kiosk, comment]);
      expect(r.rejected).toEqual([]);
      expect(r.accepted).toHaveLength(5);
      expect((await opened.store.getRecord('entries', e1))?.fields).toMatchObject({
        nama: 'Sikat Gigi Bersama',
        authorId: 'p1',
      });
      expect((await opened.store.getRecord('entries', dup))?.fields['mergedInto']).toBe(e1);
      expect((await opened.store.getRecord('entries', kiosk.id))?.fields['authorId']).toBe('kiosk-person-1');
      // The participant sees the facilitator's review of their entry.
      const pulled = await sync(app, p1, 0, []);
      expect(pulled.changes.some((d) => d.id === review.id)).toBe(true);
    });

    it('touches nothing of another workshop, and may not write workshops', async () => {
      const theirs = uuidv7(T0);
      await sync(app, q, 0, [entry(theirs, 'q', B, q)]);
      const r = await sync(app, fA, 0, [
        change('entries', theirs, { nama: 'x' }, stamp(T0 + 1, 'fA')),
        change('reviews', uuidv7(T0), { entryId: theirs, status: 'ditolak' }, stamp(T0 + 1, 'fA')),
        entry(uuidv7(T0), 'kiosk-2', B, fA),
        change(
          'reviews',
          uuidv7(T0),
          { entryId: theirs, status: 'ditolak', workshopId: A },
          stamp(T0 + 1, 'fA'),
        ),
        change('workshops', A, { closed: true }, stamp(T0 + 1, 'fA')),
      ]);
      expect(refusals(r)).toEqual([
        ['api.forbidden', 'workshopId:perm.other_workshop'],
        ['api.forbidden', 'entryId:perm.other_workshop'],
        ['api.forbidden', 'workshopId:perm.other_workshop'],
        ['api.forbidden', 'entryId:perm.other_workshop'],
        ['api.forbidden', 'table:perm.role'],
      ]);
      expect(r.accepted).toEqual([]);
    });
  });

  it("nobody reads another workshop's records in pulls; admins read everything", async () => {
    const a1 = uuidv7(T0);
    const b1 = uuidv7(T0);
    await sync(app, p1, 0, [entry(a1, 'p1', A, p1)]);
    await sync(app, q, 0, [entry(b1, 'q', B, q)]);
    await sync(app, fB, 0, [
      change('reviews', uuidv7(T0), { entryId: b1, status: 'baru' }, stamp(T0 + 1, 'fB')),
    ]);
    const ids = async (d: Dev) => (await sync(app, d, 0, [])).changes.map((x) => x.id);
    for (const d of [p1, p2, fA]) {
      const seen = await ids(d);
      expect(seen).toContain(a1);
      expect(seen).not.toContain(b1);
      expect(seen).not.toContain(B);
    }
    for (const d of [q, fB]) {
      const seen = await ids(d);
      expect(seen).toContain(b1);
      expect(seen).not.toContain(a1);
      expect(seen).not.toContain(A);
    }
    expect(await ids(admin)).toEqual(expect.arrayContaining([A, B, a1, b1]));
  });

  it('a filtered pull pages through many hidden rows with the right cursor and `more`', async () => {
    const mine = [uuidv7(T0), uuidv7(T0)];
    await sync(app, q, 0, [entry(mine[0]!, 'q', B, q)]);
    // 30 records of workshop A between q's two entries.
    await sync(
      app,
      fA,
      0,
      Array.from({ length: 30 }, (_, i) => entry(uuidv7(T0), `k${i}`, A, fA)),
    );
    await sync(app, q, 0, [entry(mine[1]!, 'q', B, q)]);
    const seen: string[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const r = await sync(app, q, cursor, [], 1);
      seen.push(...r.changes.map((d) => d.id));
      expect(r.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = r.cursor;
      pages++;
      if (!r.more) break;
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual([B, ...mine]);
    const all = await sync(app, admin, 0, [], 500);
    expect(cursor).toBe(all.cursor);
    const again = await sync(app, q, cursor, []);
    expect(again.changes).toEqual([]);
    expect(again.more).toBe(false);
  });

  it('a filtered pull with nothing to show still moves the cursor past the hidden rows', async () => {
    const first = await sync(app, q, 0, []);
    await sync(
      app,
      fA,
      0,
      Array.from({ length: 5 }, (_, i) => entry(uuidv7(T0), `h${i}`, A, fA)),
    );
    const r = await sync(app, q, first.cursor, []);
    expect(r.changes).toEqual([]);
    expect(r.more).toBe(false);
    expect(r.cursor).toBeGreaterThan(first.cursor);
    expect(r.cursor).toBe((await sync(app, admin, 0, [], 500)).cursor);
  });

  it("relay: a facilitator pushes a participant's entry with its stamps; the participant's later push is a no-op", async () => {
    const id = uuidv7(T0);
    const original = entry(id, 'p1', A, p1);
    const photo = change(
      'attachments',
      uuidv7(T0),
      {
        entryId: id,
        sha256: 'b'.repeat(64),
        mime: 'image/jpeg',
        width: 10,
        height: 10,
        size: 100,
        authorId: 'p1',
      },
      stamp(T0, 'p1'),
    );
    // The facilitator imported p1's .lumbung file offline and syncs first.
    const relayed = await sync(app, fA, 0, [
      { ...original, changeId: uuidv7(T0) },
      { ...photo, changeId: uuidv7(T0) },
    ]);
    expect(relayed.rejected).toEqual([]);
    const rec = await opened.store.getRecord('entries', id);
    expect(rec?.fields['authorId']).toBe('p1');
    expect(rec?.stamps['nama']).toBe(original.stamps['nama']);
    const logged = await opened.store.countChangeLog();
    const cursor = (await sync(app, p1, 0, [])).cursor;
    const later = await sync(app, p1, cursor, [original, photo]);
    expect(later.rejected).toEqual([]);
    expect(later.accepted).toEqual([original.changeId, photo.changeId]);
    expect(later.changes).toEqual([]);
    expect(await opened.store.countChangeLog()).toBe(logged);
    // A replay is harmless for anyone: q (another workshop) replaying the same stamps changes nothing.
    const foreign = await sync(app, q, 0, [{ ...original, changeId: uuidv7(T0) }]);
    expect(foreign.rejected).toEqual([]);
    expect(foreign.changes.map((d) => d.id)).not.toContain(id);
    expect(await opened.store.countChangeLog()).toBe(logged);
    // Same stamp, different value: still nothing stored (a stamp is not a licence to write).
    const sneaky = { ...original, changeId: uuidv7(T0), fields: { ...original.fields, nama: 'dibajak' } };
    await sync(app, q, 0, [sneaky]);
    expect((await opened.store.getRecord('entries', id))?.fields['nama']).toBe('Sikat Gigi');
  });

  it('conflicts: a participant resolves those of own records only; a facilitator those of the workshop', async () => {
    const id = uuidv7(T0);
    const created = stamp(T0, 'p1');
    await sync(app, p1, 0, [entry(id, 'p1', A, p1)]);
    // Concurrent edits of one field from the participant and the facilitator.
    await sync(app, p1, 0, [change('entries', id, { nama: 'versi peserta' }, stamp(T0 + 10, 'p1'), created)]);
    const r = await sync(app, fA, 0, [
      change('entries', id, { nama: 'versi fasilitator' }, stamp(T0 + 5, 'fA'), created),
    ]);
    const conflict = r.changes.find((d) => d.table === 'conflicts');
    expect(conflict).toBeDefined();
    const resolve = (by: Dev, at: number) =>
      change('conflicts', conflict!.id, { resolved: true }, stamp(at, by.deviceId));
    expect(refusals(await sync(app, p2, 0, [resolve(p2, T0 + 20)]))).toEqual([
      ['api.forbidden', 'resolved:perm.not_owner'],
    ]);
    expect(refusals(await sync(app, q, 0, [resolve(q, T0 + 20)]))).toEqual([
      ['api.forbidden', 'resolved:perm.other_workshop'],
    ]);
    expect(
      refusals(
        await sync(app, p1, 0, [change('conflicts', conflict!.id, { value: 'x' }, stamp(T0 + 20, 'p1'))]),
      ),
    ).toEqual([['api.forbidden', 'value:perm.role']]);
    expect((await sync(app, p1, 0, [resolve(p1, T0 + 21)])).rejected).toEqual([]);
    expect((await sync(app, fA, 0, [resolve(fA, T0 + 22)])).rejected).toEqual([]);
    expect((await opened.store.getRecord('conflicts', conflict!.id))?.fields['resolved']).toBe(true);
  });

  it("only the office writes an entry's IID cycle (tahunLaporan, iidDiunggah); the rest of the push applies", async () => {
    const own = uuidv7(T0);
    await sync(app, p1, 0, [entry(own, 'p1', A, p1)]);
    const byP1 = change('entries', own, { iidDiunggah: '2026-03-17' }, stamp(T0 + 1, 'p1'));
    const fine = change('entries', own, { nama: 'boleh' }, stamp(T0 + 2, 'p1'));
    expect(refusals(await sync(app, p1, 0, [byP1, fine]))).toEqual([
      ['api.forbidden', 'iidDiunggah:perm.role'],
    ]);
    const byFac = change('entries', own, { tahunLaporan: 2027 }, stamp(T0 + 3, 'fA'));
    expect(refusals(await sync(app, fA, 0, [byFac]))).toEqual([['api.forbidden', 'tahunLaporan:perm.role']]);
    expect((await opened.store.getRecord('entries', own))?.fields).toMatchObject({ nama: 'boleh' });
    expect((await opened.store.getRecord('entries', own))?.fields['iidDiunggah']).toBeUndefined();
    const byAdmin = change(
      'entries',
      own,
      { tahunLaporan: 2027, iidDiunggah: '2026-03-17' },
      stamp(T0 + 4, admin.deviceId),
    );
    expect((await sync(app, admin, 0, [byAdmin])).rejected).toEqual([]);
    expect((await opened.store.getRecord('entries', own))?.fields).toMatchObject({
      tahunLaporan: 2027,
      iidDiunggah: '2026-03-17',
    });
  });

  it('admins write workshops through /sync and any record', async () => {
    const r = await sync(app, admin, 0, [
      change('workshops', A, { allowPeerRead: false }, stamp(T0 + 1, admin.deviceId)),
      entry(uuidv7(T0), 'p1', A, admin),
    ]);
    expect(r.rejected).toEqual([]);
    expect((await opened.store.getRecord('workshops', A))?.fields['allowPeerRead']).toBe(false);
  });

  it('a device registered without a workshop syncs and sees only its own records', async () => {
    const lone = await register(app, 'lone-1');
    const other = await register(app, 'lone-2');
    const mine = uuidv7(T0);
    const a1 = uuidv7(T0);
    await sync(app, p1, 0, [entry(a1, 'p1', A, p1)]);
    const r = await sync(app, lone, 0, [
      entry(mine, 'lone-1', null, lone),
      entry(uuidv7(T0), 'lone-2', null, lone),
      entry(uuidv7(T0), 'lone-1', A, lone),
      change('entries', a1, { nama: 'x' }, stamp(T0 + 1, 'lone-1')),
    ]);
    expect(refusals(r)).toEqual([
      ['api.forbidden', 'authorId:perm.not_owner'],
      ['api.forbidden', 'workshopId:perm.other_workshop'],
      ['api.forbidden', 'workshopId:perm.other_workshop'],
    ]);
    expect(r.changes.map((d) => d.id)).toEqual([mine]);
    expect((await sync(app, other, 0, [])).changes).toEqual([]);
    expect((await sync(app, p1, 0, [])).changes.map((d) => d.id)).not.toContain(mine);
  });
});
