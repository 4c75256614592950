/**
 * A local write, a pulled page and an imported hand-over file enter the replica the same way
 * (replica/merge-in.ts): the same record arriving by each gives the same stored record, and the
 * same history wherever the three ways mean the same thing (merge-in.ts's table says where not).
 */
import { openDb, type LumbungDb } from '$src/app/db/db.ts';
import { applyHandover } from '$src/app/replica/handover-apply.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { toWire } from '$src/app/replica/outbox-push.ts';
import { applyPullPage } from '$src/app/replica/pull.ts';
import { encodeHlc } from '$src/core/hlc.ts';
import type { RecordDoc } from '$src/core/record.ts';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const opened: LumbungDb[] = [];
async function fresh(): Promise<LumbungDb> {
  const d = openDb(`one-way-${Math.random()}`);
  await d.open();
  opened.push(d);
  return d;
}
afterEach(async () => {
  for (const d of opened.splice(0)) await d.delete();
});

/** What a pulled record from another device looks like, held by every replica first. */
const theirs: RecordDoc = {
  table: 'entries',
  id: ID,
  fields: { nama: 'Awal', opd: 'Dinas Kesehatan' },
  stamps: {
    nama: encodeHlc({ wall: 500, counter: 0, node: 'dev-b' }),
    opd: encodeHlc({ wall: 500, counter: 0, node: 'dev-b' }),
  },
  bases: { nama: null, opd: null },
};

/** The local write on one replica; the same change pulled by a second and imported by a third. */
async function threeWays(setup: (d: LumbungDb) => Promise<void>, patch: Record<string, string>) {
  const [local, pulled, imported] = [await fresh(), await fresh(), await fresh()];
  for (const d of [local, pulled, imported]) await setup(d);
  await writeRecord(local, 'entries', ID, patch, { now: () => 1_000 });
  const rows = await local.outbox.toArray();
  expect(rows).toHaveLength(1);
  const change = toWire(rows[0]!);
  const doc: RecordDoc = {
    table: change.table,
    id: change.id,
    fields: change.fields,
    stamps: change.stamps,
    bases: change.bases,
  };
  await applyPullPage(pulled, [doc], 9, 1_000);
  await applyHandover(
    imported,
    { createdAt: '2026-01-01T00:00:00Z', deviceId: 'x', records: [doc], blobs: [] },
    { now: () => 1_000 },
  );
  const read = async (d: LumbungDb) => ({
    record: await d.entries.get(ID),
    history: (await d.history.toArray()).map(({ at: _at, ...h }) => h),
  });
  return { local: await read(local), pulled: await read(pulled), imported: await read(imported) };
}

describe('one way into the replica', () => {
  it('a new record: the same stored record and no history, whichever way it came', async () => {
    const r = await threeWays(async () => {}, { nama: 'Inovasi', opd: 'Bappeda' });
    expect(r.local.record?.fields).toEqual({ nama: 'Inovasi', opd: 'Bappeda' });
    expect(r.pulled).toEqual(r.local);
    expect(r.imported).toEqual(r.local);
    expect(r.local.history).toEqual([]);
  });

  it('an edit of a held record: the same stored record; no conflict either way', async () => {
    const r = await threeWays(
      async (d) => {
        await applyPullPage(d, [theirs], 1, 600);
      },
      { nama: 'Diubah' },
    );
    // Merged, not replaced: the field not edited keeps its value and stamp.
    expect(r.local.record?.fields).toEqual({ nama: 'Diubah', opd: 'Dinas Kesehatan' });
    expect(r.local.record?.bases.nama).toBe(theirs.stamps.nama);
    expect(r.pulled.record).toEqual(r.local.record);
    expect(r.imported.record).toEqual(r.local.record);
    // A local edit and an imported one that saw the value keep no history; a pull keeps the
    // value it replaced as history too (not a conflict: the edit saw it), as the table says.
    expect(r.local.history).toEqual([]);
    expect(r.imported.history).toEqual([]);
    expect(r.pulled.history).toMatchObject([{ field: 'nama', value: 'Awal', concurrent: false }]);
  });
});
