/**
 * The dashboard's row cache (db/row-cache.ts with DASHBOARD_ROWS): after writes of every kind it
 * holds exactly what a fresh read of the records gives, and a deleted entry drops out.
 */
import { db } from '$src/app/db/db.ts';
import { readRows, saveRows } from '$src/app/db/row-cache.ts';
import { toSummary } from '$src/app/state/admin/aggregate.ts';
import { DASHBOARD_ROWS } from '$src/app/state/admin/data.svelte.ts';
import { resetDb } from '../helpers.ts';

beforeEach(() => resetDb());

function rec(id: string, tahapan: string, updatedAt: number, deleted = false) {
  return {
    table: 'entries' as const,
    id,
    fields: {
      nama: `Inovasi ${id}`,
      opd: 'Dinas Sosial',
      tahapan,
      workshopId: 'w1',
      ...(deleted ? { deleted: true } : {}),
    },
    stamps: { tahapan: `${String(updatedAt).padStart(15, '0')}-00000-dev` },
    bases: {},
    updatedAt,
  };
}

async function read() {
  const r = await db.transaction('r', [db.entries, db.dashboardRows, db.meta], () =>
    readRows(db, DASHBOARD_ROWS),
  );
  await saveRows(db, DASHBOARD_ROWS, r.update);
  return r;
}

async function fresh() {
  return (await db.entries.toArray()).map(toSummary).filter((s) => s !== null);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

describe('dashboard row cache', () => {
  it('matches a fresh read after a stage move, a new entry and a deletion', async () => {
    const t = Date.now() - 60_000;
    await db.entries.bulkPut(
      Array.from({ length: 1200 }, (_, i) => rec(`e${String(i).padStart(4, '0')}`, 'Inisiatif', t + i)),
    );
    const first = await read();
    expect(first.update.rebuilt).toBe(true);
    expect(await db.dashboardRows.count()).toBe(1200);

    const now = Date.now();
    await db.entries.put(rec('e0005', 'Uji Coba', now));
    await db.entries.put(rec('new', 'Inisiatif', now));
    await db.entries.put(rec('e0007', 'Inisiatif', now, true));
    const second = await read();
    expect(second.update.rebuilt).toBe(false);
    expect(second.update.rows.map((r) => r.id).sort()).toEqual(['e0005', 'e0007', 'new']);
    const summaries = second.rows.map((r) => r.summary).filter((s) => s !== null);
    expect(summaries.sort(byId)).toEqual((await fresh()).sort(byId));
    expect(summaries.find((s) => s.id === 'e0005')?.tahapan).toBe('Uji Coba');
    expect(summaries.some((s) => s.id === 'e0007')).toBe(false);

    // Nothing new: nothing to store.
    const third = await read();
    expect(third.update).toMatchObject({ rebuilt: false, rows: [] });
  });
});
