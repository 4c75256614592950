/** Applying a pull page on the device: merge, history of lost local values, clock, cursor — atomically. */
import { openDb, type LumbungDb } from '$src/app/db/db.ts';
import { unresolvedConflicts } from '$src/app/replica/conflicts.ts';
import { applyPullPage } from '$src/app/replica/pull.ts';
import { META_KEYS } from '$src/app/replica/keys.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { SYNC_KEYS } from '$src/app/replica/keys.ts';
import { getCursor } from '$src/app/replica/sync-state.ts';
import { encodeHlc, hlcWall, type HlcState } from '$src/core/hlc.ts';
import type { RecordDoc } from '$src/core/record.ts';

let d: LumbungDb;
beforeEach(async () => {
  d = openDb(`pull-${Math.random()}`);
  await d.open();
});
afterEach(async () => {
  d.close();
  await d.delete();
});

const at = (wall: number, node = 'server-dev') => encodeHlc({ wall, counter: 0, node });
function doc(
  id: string,
  fields: Record<string, string>,
  wall: number,
  base: string | null = null,
): RecordDoc {
  const stamps: Record<string, string> = {};
  const bases: Record<string, string | null> = {};
  for (const f of Object.keys(fields)) {
    stamps[f] = at(wall);
    bases[f] = base;
  }
  return { table: 'entries', id, fields, stamps, bases };
}

describe('applyPullPage', () => {
  it.each([
    ['only the local record in the id range', [] as string[]],
    ['a sparse id range (read as one range)', ['e10', 'e15']],
    [
      'a crowded id range (read id by id)',
      Array.from({ length: 30 }, (_, i) => `e1${String(i).padStart(2, '0')}`),
    ],
  ])('merges with what is stored, whichever way the page reads it: %s', async (_name, others) => {
    for (const id of others) await applyPullPage(d, [doc(id, { nama: `lain ${id}` }, 1_000)], 1, 2_000);
    await writeRecord(d, 'entries', 'e12', { nama: 'LOKAL', opd: 'Dinas' }, { now: () => 1_000 });
    const page = [
      doc('e11', { nama: 'BARU' }, 5_000),
      doc('e12', { nama: 'PUSAT' }, 5_000),
      doc('e19', { nama: 'X' }, 5_000),
    ];
    const r = await applyPullPage(d, page, 7, 6_000);
    expect(r).toEqual({ changed: 3, lost: 1 });
    expect(await d.entries.count()).toBe(others.length + 3);
    // The stored e12 was merged (its opd kept, its nama lost to the newer one), not overwritten.
    expect((await d.entries.get('e12'))?.fields).toEqual({ nama: 'PUSAT', opd: 'Dinas' });
    expect((await d.history.toArray()).map((h) => [h.recordId, h.value])).toEqual([['e12', 'LOKAL']]);
    for (const id of others) expect((await d.entries.get(id))?.fields.nama).toBe(`lain ${id}`);
  });

  it('merges, keeps a lost local value in history, folds the clock forward and stores the cursor', async () => {
    await writeRecord(d, 'entries', 'e1', { nama: 'LOKAL' }, { now: () => 1_000 });
    const far = 9_000_000;
    const r = await applyPullPage(
      d,
      [doc('e1', { nama: 'PUSAT' }, far), doc('e2', { nama: 'BARU' }, 5_000)],
      42,
      2_000,
    );
    expect(r).toEqual({ changed: 2, lost: 1 });
    expect((await d.entries.get('e1'))?.fields.nama).toBe('PUSAT');
    const hist = await d.history.toArray();
    expect(hist).toMatchObject([{ recordId: 'e1', field: 'nama', value: 'LOKAL', concurrent: true }]);
    expect((await unresolvedConflicts(d, 'e1')).map((c) => c.value)).toEqual(['LOKAL']);
    expect(await getCursor(d)).toBe(42);
    const hlc = (await d.meta.get(META_KEYS.hlc))?.value as unknown as HlcState;
    expect(hlc.wall).toBe(far);
    // The next local edit sorts after what was seen, even with a clock far behind it.
    await writeRecord(d, 'entries', 'e1', { nama: 'SESUDAHNYA' }, { now: () => 3_000 });
    expect(hlcWall((await d.entries.get('e1'))!.stamps.nama!)).toBeGreaterThanOrEqual(far);
  });

  it('a pulled value whose chain the device cannot follow: a provisional conflict while the local value waits to be sent, then the server decides', async () => {
    // Issue 26: the device's value (stamp 1000) may have been pulled by another device, which
    // edited twice (2000, then 3000 based on 2000). Whether 2000 saw it, only the server knows.
    await writeRecord(d, 'entries', 'e1', { nama: 'LOKAL' }, { now: () => 1_000 });
    // e2: a pulled value whose chain ends before the local value certainly did not see it.
    await writeRecord(d, 'entries', 'e2', { nama: 'LOKAL' }, { now: () => 1_000 });
    const page = [
      doc('e1', { nama: 'KEDUA' }, 3_000, at(2_000)),
      doc('e2', { nama: 'PUSAT' }, 3_000, at(500)),
    ];
    await applyPullPage(d, page, 1, 4_000);
    const hist = (await d.history.toArray()).sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
    expect(hist).toMatchObject([
      { recordId: 'e1', value: 'LOKAL', concurrent: true, undecided: true },
      { recordId: 'e2', value: 'LOKAL', concurrent: true },
    ]);
    expect(hist[1]!.undecided).toBeUndefined();
    // Not sent yet: the server cannot have decided, so it shows (nothing unseen is passed over).
    expect((await unresolvedConflicts(d, 'e1')).map((c) => c.value)).toEqual(['LOKAL']);
    // Sent (the outbox emptied): the server holds both writes and its conflict records decide;
    // it sent none for e1, so no false conflict stays. e2's certain conflict stays.
    await d.outbox.clear();
    expect(await unresolvedConflicts(d, 'e1')).toEqual([]);
    expect((await unresolvedConflicts(d, 'e2')).map((c) => c.value)).toEqual(['LOKAL']);
  });

  it('stores a page of records new to the device (an empty id range: nothing read)', async () => {
    const page = ['a1', 'a2', 'a3'].map((id) => doc(id, { nama: id }, 5_000));
    expect(await applyPullPage(d, page, 3, 6_000)).toEqual({ changed: 3, lost: 0 });
    expect((await d.entries.toArray()).map((e) => e.fields.nama)).toEqual(['a1', 'a2', 'a3']);
  });

  it('leaves a cursor that was set back after the page was asked for (a re-pull is due), and merges the page', async () => {
    await applyPullPage(d, [doc('e0', { nama: 'AWAL' }, 1_000)], 5, 2_000, 0);
    expect(await getCursor(d)).toBe(5);
    // Asked from 5; meanwhile the cursor went back to 0 ("Buang perubahan ini").
    await d.meta.put({ key: SYNC_KEYS.cursor, value: 0 });
    await applyPullPage(d, [doc('e1', { nama: 'SATU' }, 3_000)], 9, 4_000, 5);
    expect(await getCursor(d)).toBe(0);
    expect((await d.entries.get('e1'))?.fields.nama).toBe('SATU');
    // A page asked from where the cursor stands (or before it) moves it on.
    await applyPullPage(d, [doc('e2', { nama: 'DUA' }, 5_000)], 3, 6_000, 0);
    expect(await getCursor(d)).toBe(3);
  });

  it('never moves the cursor back: a pipelined answer that ends behind the stored cursor leaves it', async () => {
    // Two pages asked from 0 and on their way at once; the later one's answer ends further (the
    // server took more first), the earlier one's ends at 8 and is applied last. Everything below
    // 10 is applied, so the cursor stays at 10: moved back to 8, the round would end "done" with
    // the device behind (seen in round.property.test.ts: "expected 8 to be 10").
    await applyPullPage(d, [doc('e0', { nama: 'AWAL' }, 1_000)], 10, 2_000, 0);
    await applyPullPage(d, [doc('e1', { nama: 'SATU' }, 3_000)], 8, 4_000, 0);
    expect(await getCursor(d)).toBe(10);
    expect((await d.entries.get('e1'))?.fields.nama).toBe('SATU');
  });

  it('is all or nothing: a page that fails midway leaves records, clock and cursor untouched', async () => {
    await applyPullPage(d, [doc('e0', { nama: 'AWAL' }, 1_000)], 5, 2_000);
    // A corrupt stored row makes merging the second record throw inside the transaction.
    await d.entries.put({ table: 'reviews', id: 'bad', fields: {}, stamps: {}, bases: {}, updatedAt: 0 });
    await expect(
      applyPullPage(d, [doc('e1', { nama: 'SATU' }, 7_000), doc('bad', { nama: 'DUA' }, 8_000)], 9, 9_000),
    ).rejects.toThrow();
    expect(await d.entries.get('e1')).toBeUndefined();
    expect(await getCursor(d)).toBe(5);
    expect(((await d.meta.get(META_KEYS.hlc))?.value as unknown as HlcState).wall).toBe(2_000);
  });

  it('a replayed page changes nothing', async () => {
    const page = [doc('e1', { nama: 'SATU', opd: 'DLH' }, 1_000)];
    await applyPullPage(d, page, 3, 2_000);
    const before = await d.entries.get('e1');
    expect(await applyPullPage(d, page, 3, 2_500)).toEqual({ changed: 0, lost: 0 });
    expect(await d.entries.get('e1')).toEqual(before);
  });
});
