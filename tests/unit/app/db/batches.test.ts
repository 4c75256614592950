/** eachBatch reads every row exactly once, in key order, a bounded batch at a time. */
import { db } from '$src/app/db/db.ts';
import { eachBatch } from '$src/app/db/batches.ts';
import { resetDb } from '../helpers.ts';

beforeEach(() => resetDb());

describe('eachBatch', () => {
  it('reads 2,345 records in batches of at most 1,000, each once, in id order', async () => {
    const ids = Array.from({ length: 2345 }, (_, i) => `e${String(i).padStart(5, '0')}`);
    await db.entries.bulkPut(
      ids.map((id) => ({ table: 'entries', id, fields: { nama: id }, stamps: {}, bases: {}, updatedAt: 1 })),
    );
    const sizes: number[] = [];
    const seen: string[] = [];
    await eachBatch(db.entries, 1000, (rows) => {
      sizes.push(rows.length);
      seen.push(...rows.map((r) => r.id));
    });
    expect(sizes).toEqual([1000, 1000, 345]);
    expect(seen).toEqual(ids);
  });

  it('an exact multiple ends without an empty batch; an empty table calls nothing', async () => {
    let calls = 0;
    await eachBatch(db.entries, 10, () => calls++);
    expect(calls).toBe(0);
    await db.entries.bulkPut(
      Array.from({ length: 20 }, (_, i) => ({
        table: 'entries',
        id: `x${String(i).padStart(2, '0')}`,
        fields: {},
        stamps: {},
        bases: {},
        updatedAt: 1,
      })),
    );
    const sizes: number[] = [];
    await eachBatch(db.entries, 10, (rows) => sizes.push(rows.length));
    expect(sizes).toEqual([10, 10]);
  });
});
