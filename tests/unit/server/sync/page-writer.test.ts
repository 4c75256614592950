/**
 * Each engine writes a push page its own way (sqlite.ts: prepared rows; postgres-writer.ts: the
 * whole page as column arrays in one statement). Both must store exactly what was merged: large
 * pages, text that array literals and JSON make awkward, missing values, a page that only
 * logs (a write that lost to a newer one), and a write whose fields arrive in two pushes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '$src/core/index.ts';
import { uuidv7 } from '$src/core/index.ts';
import { change, stamp } from '../helpers/client.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 11, 1);
const AWKWARD = [
  '',
  'NULL',
  'a,b',
  '{x}',
  '"kutip"',
  'back\\slash',
  'baris\nbaru',
  'émoji 🌾',
  "o'clock",
  ' spasi ',
];

describe.each(await storeKinds())('push page writes on %s', (kind) => {
  let opened: Opened;
  beforeEach(async () => {
    opened = await openStore(kind);
  });
  afterEach(async () => {
    await opened.dispose();
  });
  const ctx = { now: T0, stamp: () => stamp(T0, 'server') };

  it('stores a page of 250 records with awkward text exactly, and logs each field write once', async () => {
    const at = stamp(T0, 'dev-a');
    const changes: Change[] = Array.from({ length: 250 }, (_, i) =>
      change(
        'comments',
        `c-${i}`,
        { text: AWKWARD[i % AWKWARD.length]!, entryId: `e-${i % 7}`, n: i, ok: i % 2 === 0, none: null },
        at,
      ),
    );
    const r = await opened.store.applyChanges('dev-a', changes, ctx);
    expect(r.accepted).toHaveLength(250);
    for (const c of [changes[0]!, changes[3]!, changes[5]!, changes[6]!, changes[249]!]) {
      const got = await opened.store.getRecord('comments', c.id);
      expect(got).toEqual({
        table: 'comments',
        id: c.id,
        fields: c.fields,
        stamps: c.stamps,
        bases: c.bases,
      });
    }
    expect(await opened.store.countChangeLog()).toBe(250 * 5);
    const history = await opened.store.history('comments', 'c-6');
    expect(history.map((h) => [h.field, h.value, h.base, h.deviceId])).toEqual(
      expect.arrayContaining([
        ['text', AWKWARD[6], null, 'dev-a'],
        ['none', null, null, 'dev-a'],
      ]),
    );
    const page = await opened.store.pull(0, 500);
    expect(page.records).toHaveLength(250);
    expect(page.cursor).toBe(250);
  });

  it('logs a write that lost without rewriting the record', async () => {
    const newer = stamp(T0 + 1000, 'dev-b');
    const older = stamp(T0, 'dev-a');
    await opened.store.applyChanges('dev-b', [change('comments', 'c-1', { text: 'baru' }, newer)], ctx);
    const before = await opened.store.pull(0, 10);
    const r = await opened.store.applyChanges(
      'dev-a',
      [change('comments', 'c-1', { text: 'lama' }, older)],
      ctx,
    );
    expect(r.accepted).toHaveLength(1);
    expect((await opened.store.getRecord('comments', 'c-1'))?.fields).toEqual({ text: 'baru' });
    expect((await opened.store.history('comments', 'c-1')).map((h) => h.value)).toEqual(['lama', 'baru']);
    // The comment itself is not written again: only the conflict record that keeps the lost value.
    const after = await opened.store.pull(before.cursor, 10);
    expect(after.records.map((rec) => [rec.table, rec.fields['recordId'], rec.fields['value']])).toEqual([
      ['conflicts', 'c-1', 'lama'],
    ]);
  });

  it('logs a write that arrives in parts in its one row, each field once', async () => {
    // dev-a saved `text` and `n` at S. A relay holds `text` at S but `n` at its own newer edit N,
    // and pushes first; then dev-a's push of the whole write: `text` is a replay, `n` loses to N.
    const s = stamp(T0, 'dev-a');
    const n = stamp(T0 + 1000, 'dev-r');
    const relayed: Change = {
      changeId: uuidv7(),
      table: 'comments',
      id: 'c-9',
      fields: { text: 'asli', n: 2 },
      stamps: { text: s, n },
      bases: { text: null, n: s },
    };
    await opened.store.applyChanges('dev-r', [relayed], ctx);
    const whole = change('comments', 'c-9', { text: 'asli', n: 1 }, s);
    expect((await opened.store.applyChanges('dev-a', [whole], ctx)).accepted).toEqual([whole.changeId]);
    const logged = await opened.store.countChangeLog();
    expect(logged).toBe(3);
    // By stamp, then by field within a write: the lost `n` of S sits in S's row beside `text`,
    // and the row names the device that delivered the write first (and when).
    const history = await opened.store.history('comments', 'c-9');
    expect(history.map((h) => [h.stamp, h.field, h.value, h.base, h.deviceId])).toEqual([
      [s, 'n', 1, null, 'dev-r'],
      [s, 'text', 'asli', null, 'dev-r'],
      [n, 'n', 2, s, 'dev-r'],
    ]);
    // A replay of either push logs nothing.
    await opened.store.applyChanges('dev-a', [whole], ctx);
    await opened.store.applyChanges('dev-r', [relayed], ctx);
    expect(await opened.store.countChangeLog()).toBe(logged);
    expect(await opened.store.history('comments', 'c-9')).toEqual(history);
  });
});
