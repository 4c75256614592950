/**
 * Issue 19, finding 3: pull pages are bounded in bytes as well as records. A page is at most
 * ~1 MB of JSON (always at least one record); a page cut short by bytes says `more` and its cursor
 * resumes exactly, so paging through maximal entries skips and repeats nothing, also when records
 * are rewritten between pages. For every read scope, on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMIT, uuidv7, type Change, type FieldValue } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import type { ReadScope } from '$src/server/store/types.ts';
import { testApp } from '../helpers/app.ts';
import { change, post, stamp, sync } from '../helpers/client.ts';
import { maximalEntryFields } from '../helpers/maximal.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

describe.each(await storeKinds())('pull pages bounded in bytes on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let ws: string;
  let p1: Dev;
  let fA: Dev;
  let admin: Dev;
  let tick = 0;

  const entry = (big: boolean, n: number): Change => {
    const id = uuidv7(T0);
    const fields: Record<string, FieldValue> = big
      ? { ...maximalEntryFields('p1', n), workshopId: ws }
      : { nama: `kecil ${n}`, opd: 'Dinas Kesehatan', tahapan: 'Inisiatif', authorId: 'p1', workshopId: ws };
    return change('entries', id, fields, stamp(T0, 'p1', tick++));
  };

  beforeEach(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0, { joinLimit: { max: 1000, windowMs: 60_000 } });
    const w = await seedWorkshop(opened.store, () => T0);
    ws = w.workshop.id;
    p1 = await join(app, w.participantCode, 'p1');
    fA = await join(app, w.facilitatorCode, 'fA');
    admin = await adminDevice(opened.store, T0);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('pages of maximal entries stay within 1 MB, one record at least, none skipped or repeated', async () => {
    const pattern = [false, true, false, false, true, true, false, true];
    const pushed: string[] = [];
    for (const [n, big] of pattern.entries()) {
      const c = entry(big, n);
      const r = await sync(app, p1, 0, [c]);
      expect(r.rejected).toEqual([]);
      pushed.push(c.id);
    }
    for (const reader of [admin, fA, p1]) {
      const seen: string[] = [];
      let cursor = 0;
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(20);
        const res = await post(app, '/api/v1/sync', reader.token, {
          deviceId: reader.deviceId,
          since: cursor,
          changes: [],
        });
        const text = await res.text();
        expect(res.status).toBe(200);
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(JSON_BODY_LIMIT);
        const page = JSON.parse(text) as {
          changes: { table: string; id: string }[];
          cursor: number;
          more: boolean;
        };
        if (page.more) expect(page.changes.length).toBeGreaterThanOrEqual(1);
        seen.push(...page.changes.filter((d) => d.table === 'entries').map((d) => d.id));
        expect(page.cursor).toBeGreaterThanOrEqual(cursor);
        cursor = page.cursor;
        if (!page.more) break;
      }
      expect(seen).toEqual(pushed);
    }
  });

  it('holds the bytes as written out: shared stamps spread to a stamp per field still fit', async () => {
    const ids: string[] = [];
    const many = Object.fromEntries(
      [
        'tujuan',
        'manfaat',
        'hasil',
        'rbMetode',
        'rbKeunggulan',
        'rbCaraKerja',
        'kippRingkasan',
        'kippKebaruan',
      ].map((f) => [f, 'x']),
    );
    for (let n = 0; n < 30; n++) {
      const c = change(
        'entries',
        uuidv7(T0),
        { ...many, nama: `n${n}`, opd: 'O', tahapan: 'Inisiatif', authorId: 'p1', workshopId: ws },
        stamp(T0, 'p1', tick++),
      );
      expect((await sync(app, p1, 0, [c])).rejected).toEqual([]);
      ids.push(c.id);
    }
    const seen: string[] = [];
    let cursor = 0;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(40);
      const page = await opened.store.pullJson(cursor, 500, { kind: 'all' }, { maxBytes: 6000 });
      if (page.records.length > 1)
        expect(Buffer.byteLength(page.records.join(','))).toBeLessThanOrEqual(6000);
      for (const r of page.records) {
        const d = JSON.parse(r) as { table: string; id: string; stamps: unknown };
        // Written out with a stamp per field (the device did not ask for shared stamps).
        expect(typeof d.stamps).toBe('object');
        if (d.table === 'entries') seen.push(d.id);
      }
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(seen).toEqual(ids);
  });

  it('a byte-split page resumes exactly, also across rewrites between pages', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) {
      const c = entry(n % 3 === 1, n);
      await sync(app, p1, 0, [c]);
      ids.push(c.id);
    }
    const scopes: ReadScope[] = [
      { kind: 'all' },
      { kind: 'workshop', workshopId: ws },
      { kind: 'owner', ownerId: 'p1', workshopId: ws },
    ];
    for (const scope of scopes) {
      // Latest value per record, as a device that applies every page would hold.
      const held = new Map<string, string>();
      let cursor = 0;
      let rewrites = 0;
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(60);
        const page = await opened.store.pullJson(cursor, 5, scope, { maxBytes: 700_000 });
        const docs = page.records.map(
          (r) => JSON.parse(r) as { table: string; id: string; fields: { nama?: string } },
        );
        if (page.more) expect(docs.length).toBeGreaterThanOrEqual(1);
        // Over the budget only when a single record is.
        if (docs.length > 1) expect(Buffer.byteLength(page.records.join(','))).toBeLessThanOrEqual(700_000);
        for (const d of docs)
          if (d.table === 'entries') held.set(d.id, d.fields.nama ?? held.get(d.id) ?? '');
        cursor = page.cursor;
        // Rewrite one record already pulled and one not yet: each must come (again) later.
        if (rewrites < 2 && held.size > 0) {
          const done = [...held.keys()][0]!;
          const todo = ids.find((id) => !held.has(id))!;
          for (const id of [done, todo].filter(Boolean)) {
            const r = await sync(app, p1, 0, [
              change('entries', id, { nama: `ubah ${id}` }, stamp(T0 + 1000, 'p1', tick++)),
            ]);
            expect(r.rejected).toEqual([]);
          }
          rewrites++;
        }
        if (!page.more) break;
      }
      const final = await Promise.all(
        ids.map(async (id) => (await opened.store.getRecord('entries', id))!.fields['nama']),
      );
      expect(ids.map((id) => held.get(id))).toEqual(final);
    }
  });
});
