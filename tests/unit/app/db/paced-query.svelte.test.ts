import { db } from '$src/app/db/db.ts';
import { PacedQuery } from '$src/app/db/paced-query.svelte.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { resetDb } from '../helpers.ts';

// Generous: the test machine is shared and IndexedDB work can be slow to show.
const WAIT = { timeout: 10_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => resetDb());

/** A paced query over the entries' names that counts its reads. */
function names(opts: ConstructorParameters<typeof PacedQuery>[3], tables = ['entries']) {
  const reads = { n: 0 };
  const q = new PacedQuery(
    db,
    tables,
    async () => {
      reads.n++;
      return (await db.entries.toArray()).map((e) => String(e.fields.nama)).sort();
    },
    opts,
  );
  return { q, reads };
}

describe('PacedQuery', () => {
  it('reads a stream of writes at most once per pace, and last after the last write', async () => {
    const pace = 400;
    const { q, reads } = names({ paceMs: pace });
    q.start();
    await vi.waitFor(() => expect(q.loading).toBe(false), WAIT);
    expect(q.current).toEqual([]);
    const t0 = performance.now();
    const written: string[] = [];
    for (let i = 0; i < 20; i++) {
      written.push(`E${String(i).padStart(2, '0')}`);
      await writeRecord(db, 'entries', `e${i}`, { nama: written.at(-1)! });
    }
    // The last read comes after the last write: it shows all of them.
    await vi.waitFor(() => expect(q.current).toEqual(written), WAIT);
    const elapsed = performance.now() - t0;
    // Reads after the first: at most one per pace, plus the one after the stream. Re-reading
    // after each write (what liveQuery does) would be 20.
    expect(reads.n - 1).toBeLessThanOrEqual(Math.ceil(elapsed / pace) + 1);
    expect(reads.n - 1).toBeLessThan(20);
    q.stop();
  });

  it('after a quiet moment a single write is read at once; within the pace it waits', async () => {
    let now = 0;
    const { q, reads } = names({ paceMs: 60_000, now: () => now });
    q.start();
    await vi.waitFor(() => expect(reads.n).toBe(1), WAIT);
    // Within the pace (the clock did not move): the write waits for it.
    await writeRecord(db, 'entries', 'e1', { nama: 'SATU' });
    await sleep(300);
    expect(reads.n).toBe(1);
    expect(q.current).toEqual([]);
    // A minute later: the next write is read at once, with the one that waited.
    now = 60_000;
    await writeRecord(db, 'entries', 'e2', { nama: 'DUA' });
    await vi.waitFor(() => expect(q.current).toEqual(['DUA', 'SATU']), WAIT);
    expect(reads.n).toBe(2);
    q.stop();
  });

  it('paces a slow read further apart: four times what it took', async () => {
    let now = 0;
    let reads = 0;
    const q = new PacedQuery(
      db,
      ['entries'],
      async () => {
        reads++;
        const rows = await db.entries.count();
        now += 10_000; // this read "took" 10 s
        return rows;
      },
      { paceMs: 1_000, now: () => now },
    );
    q.start();
    await vi.waitFor(() => expect(q.loading).toBe(false), WAIT);
    expect(now).toBe(10_000);
    // 20 s after it started: past paceMs, not past 4 × 10 s.
    now = 20_000;
    await writeRecord(db, 'entries', 'e1', { nama: 'SATU' });
    await sleep(300);
    expect(reads).toBe(1);
    now = 40_000;
    await writeRecord(db, 'entries', 'e2', { nama: 'DUA' });
    await vi.waitFor(() => expect(q.current).toBe(2), WAIT);
    q.stop();
  });

  it('ignores writes to tables it does not read, and everything once stopped', async () => {
    let now = 0;
    const { q, reads } = names({ paceMs: 1_000, now: () => now }, ['entries']);
    q.start();
    await vi.waitFor(() => expect(reads.n).toBe(1), WAIT);
    now = 10_000;
    await writeRecord(db, 'comments', 'c1', { entryId: 'e1', text: 'bukan entri' });
    await sleep(200);
    expect(reads.n).toBe(1);
    q.stop();
    now = 20_000;
    await writeRecord(db, 'entries', 'e1', { nama: 'SESUDAH' });
    await sleep(200);
    expect(reads.n).toBe(1);
    expect(q.current).toEqual([]);
  });

  it('shows a failing read as an error, not as endless loading', async () => {
    const q = new PacedQuery(db, ['entries'], async () => {
      throw new Error('boom');
    });
    q.start();
    await vi.waitFor(() => expect(q.error).toBeInstanceOf(Error), WAIT);
    expect(q.loading).toBe(false);
    q.stop();
  });
});
