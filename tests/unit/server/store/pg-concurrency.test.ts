/**
 * PostgreSQL under concurrent writers (issue 5): 8 writers commit for 10 s while a
 * reader on another pool ("another process") pulls in small pages. If seq order could differ
 * from commit order, the reader would move its cursor past a seq that commits later and miss
 * that record for good. Also: two app instances on one database serve the same devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type Change, type SyncResponse } from '$src/core/index.ts';
import { createApp } from '$src/server/app.ts';
import type { Store } from '$src/server/store/types.ts';
import { change, post, stamp, sync } from '../helpers/client.ts';
import { adminDevice } from '../helpers/roles.ts';
import { pgUnavailable } from '../helpers/pg.ts';
import { openStore, type Opened } from '../helpers/stores.ts';

const reason = await pgUnavailable();
const WRITERS = 8;
/** Issue 5: "8 concurrent writers for 10 s". */
const RUN_MS = 10_000;

// Skipped only when PostgreSQL does not answer and CI is not set (pgUnavailable: under CI a
// missing server fails the run instead); the reason is printed in the suite's name.
describe.skipIf(reason !== null)(`PostgreSQL concurrency${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let opened: Opened;
  let reader: Store;

  beforeAll(async () => {
    opened = await openStore('postgres');
    reader = opened.another!();
  });
  afterAll(async () => {
    await opened.dispose();
  });

  // 10 s of writing (the reader pulls pages of 5 all along, then drains the rest): 180 s is a
  // generous bound for a loaded machine, not a speed claim.
  it(
    '8 concurrent writers for 10 s, one reader in small pages: every committed record exactly once',
    { timeout: 180_000 },
    async () => {
      const committed = new Set<string>();
      const t0 = Date.now();
      let writersDone = false;
      const ctx = (node: string) => ({ now: Date.now(), stamp: () => stamp(Date.now(), node) });

      const writer = async (w: number) => {
        const store = w % 2 === 0 ? opened.store : opened.another!();
        const node = `writer-${w}`;
        let n = 0;
        while (Date.now() - t0 < RUN_MS) {
          const batch: Change[] = [];
          // 1–3 new records per transaction, so transactions overlap with different sizes.
          for (let i = 0; i <= n % 3; i++) {
            batch.push(
              change(
                'comments',
                `${node}-${n}-${i}`,
                { text: `w${w} n${n}`, entryId: 'e1' },
                stamp(t0 + n, node),
              ),
            );
          }
          await store.applyChanges(node, batch, ctx(node));
          for (const c of batch) committed.add(c.id);
          n += 1;
        }
      };

      const seen: string[] = [];
      let cursor = 0;
      let pages = 0;
      /** Pages read (and records seen) while the writers were still committing. */
      let pagesDuringWrites = 0;
      let seenDuringWrites = 0;
      const readLoop = async () => {
        for (;;) {
          const done = writersDone;
          const page = await reader.pull(cursor, 5);
          pages += 1;
          if (!done) {
            pagesDuringWrites += 1;
            seenDuringWrites += page.records.length;
          }
          expect(page.cursor).toBeGreaterThanOrEqual(cursor);
          seen.push(...page.records.map((r) => r.id));
          cursor = page.cursor;
          // Stop only after a full drain that started once every writer had finished.
          if (done && !page.more) return;
        }
      };

      const reading = readLoop();
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      const wroteFor = Date.now() - t0;
      writersDone = true;
      await reading;

      // The writers really ran for the whole 10 s, and the reader really read while they wrote
      // (not only afterwards): otherwise this would prove nothing about concurrency.
      expect(wroteFor).toBeGreaterThanOrEqual(RUN_MS);
      expect(committed.size).toBeGreaterThan(WRITERS * 5);
      expect(pages).toBeGreaterThan(10);
      expect(pagesDuringWrites).toBeGreaterThan(10);
      expect(seenDuringWrites).toBeGreaterThan(0);
      console.log(
        `pg-concurrency: ${committed.size} records committed by ${WRITERS} writers in ${wroteFor} ms; reader: ${pages} pages (${pagesDuringWrites} while writing)`,
      );
      const unique = new Set(seen);
      expect(unique.size).toBe(seen.length); // nothing twice
      expect([...committed].filter((id) => !unique.has(id))).toEqual([]); // nothing skipped
      expect(unique.size).toBe(committed.size);
    },
  );

  it('two app instances on one database serve the same devices', async () => {
    const T = Date.now();
    const appA = createApp({ store: opened.store, blobs: opened.blobs, clock: () => Date.now() });
    const appB = createApp({ store: opened.another!(), blobs: opened.blobs, clock: () => Date.now() });
    // Admin tokens (issue 4): both devices read and write everything; roles are permissions.test.ts's.
    const dev = await adminDevice(opened.store, T);
    const other = await adminDevice(opened.store, T);
    const id = uuidv7(T);
    const created = stamp(T, dev.deviceId);
    // Written through A, read through B with the token A issued.
    const first = await sync(appA, dev, 0, [
      change('entries', id, { nama: 'awal', opd: 'X', tahapan: 'Inisiatif' }, created),
    ]);
    expect(first.rejected).toEqual([]);
    // The test above may have left thousands of records in this schema: read every page.
    const onB = { changes: [] as SyncResponse['changes'], cursor: 0 };
    for (let more = true; more;) {
      const page = await sync(appB, other, onB.cursor, []);
      onB.changes.push(...page.changes);
      onB.cursor = page.cursor;
      more = page.more;
    }
    expect(onB.changes.find((d) => d.id === id)?.fields['nama']).toBe('awal');
    // Concurrent edits of one field through both instances at once: one winner, one conflict.
    const [ra, rb] = await Promise.all([
      sync(appA, dev, onB.cursor, [
        change('entries', id, { nama: 'A' }, stamp(T + 1, dev.deviceId), created),
      ]),
      sync(appB, other, onB.cursor, [
        change('entries', id, { nama: 'B' }, stamp(T + 2, other.deviceId), created),
      ]),
    ]);
    expect(ra.rejected).toEqual([]);
    expect(rb.rejected).toEqual([]);
    const end = await sync(appA, dev, onB.cursor, []);
    expect((await opened.store.getRecord('entries', id))?.fields['nama']).toBe('B');
    expect(end.changes.filter((d) => d.table === 'conflicts').map((d) => d.fields['value'])).toEqual(['A']);
    // Revoked through A: refused by B as well.
    await opened.store.revokeDevice(other.deviceId, Date.now());
    expect(
      (await post(appB, '/api/v1/sync', other.token, { deviceId: other.deviceId, since: 0, changes: [] }))
        .status,
    ).toBe(401);
  });
});
