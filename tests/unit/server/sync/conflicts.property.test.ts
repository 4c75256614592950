/**
 * The conflict rule through the real push path (POST /sync, the store's transaction and change
 * log), on SQLite and PostgreSQL: random histories of several devices (tests/unit/core/
 * histories.ts, with its reference happens-before), each delivered twice in different random
 * orders, with duplicates and pages, to two records. Both end with open conflict records for
 * exactly the writes concurrent with the field's value, and so the same set.
 */
import fc from 'fast-check';
import { conflictId, uuidv7, type Change } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { deliveryArb, historyArb, type History } from '../../core/histories.ts';
import { change, sync } from '../helpers/client.ts';
import { testApp } from '../helpers/app.ts';
import { adminDevice, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const NODES = ['dev-a', 'dev-b', 'dev-c'] as const;

describe.each(await storeKinds())('conflicts through the push path on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let dev: Dev;
  beforeAll(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0 + 1000);
    dev = await adminDevice(opened.store, T0);
  });
  afterAll(async () => {
    await opened.dispose();
  });

  async function deliver(h: History, pages: number[][]): Promise<string[]> {
    const id = uuidv7(T0);
    const changes: Change[] = h.writes.map((w) => change('entries', id, { tujuan: w.name }, w.stamp, w.base));
    for (const page of pages) {
      const r = await sync(
        app,
        dev,
        0,
        page.map((ix) => changes[ix]!),
        1,
      );
      expect(r.rejected).toEqual([]);
    }
    const rec = await opened.store.getRecord('entries', id);
    expect(rec?.fields['tujuan']).toBe(h.winner.name);
    const open: string[] = [];
    for (const w of h.writes) {
      const c = await opened.store.getRecord(
        'conflicts',
        conflictId({ table: 'entries', recordId: id, field: 'tujuan', stamp: w.stamp }),
      );
      if (c && c.fields['deleted'] !== true) {
        expect(c.fields['value']).toBe(w.name);
        open.push(w.stamp);
      }
    }
    return open.sort();
  }

  it('open conflicts are exactly the writes concurrent with the value, whatever the delivery', async () => {
    const arb = historyArb(NODES, T0, 10).chain((h) =>
      fc.tuple(fc.constant(h), deliveryArb(h.writes.length), deliveryArb(h.writes.length)),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([h, d1, d2]) => {
        const expected = [...h.concurrent].sort();
        expect(await deliver(h, d1)).toEqual(expected);
        expect(await deliver(h, d2)).toEqual(expected);
      }),
      { numRuns: kind === 'sqlite' ? 60 : 25 },
    );
  });
});
