/**
 * Stamps and bases shared by every field are stored once (src/app/db/stamp-codec.ts), and the
 * app never sees the difference: every read path gives back exactly the row that was written,
 * rows stored before the codec read as they are, and a row that does not pack stays as it is.
 */
import { Dexie } from 'dexie';
import type { LumbungDb } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { useFreshDb } from '../helpers.ts';
import { all, doc, S1 } from '../../core/stamped-docs.ts';

describe('through Dexie', () => {
  const fresh = useFreshDb();
  let d: LumbungDb;
  beforeEach(() => {
    d = fresh();
  });

  /** The same database opened without the app's schema or middleware: the rows as stored. */
  async function raw<T>(fn: (r: Dexie) => Promise<T>): Promise<T> {
    const r = new Dexie(d.name);
    await r.open();
    try {
      return await fn(r);
    } finally {
      r.close();
    }
  }

  it('stores a new entry and its outbox change packed, and every read gives back the full row', async () => {
    const written = await writeRecord(d, 'entries', 'e1', {
      nama: 'SIDOTI',
      opd: 'Dinas Kesehatan',
      authorId: 'p1',
    });
    const stored = await raw((r) => r.table('entries').get('e1'));
    expect(typeof stored.stamps).toBe('string');
    expect(stored.bases).toBeNull();
    const change = await raw((r) => r.table('outbox').toArray());
    expect(typeof change[0].stamps).toBe('string');

    expect(await d.entries.get('e1')).toEqual(written);
    expect(await d.entries.bulkGet(['e1'])).toEqual([written]);
    expect(await d.entries.toArray()).toEqual([written]);
    expect(await d.entries.where('fields.authorId').equals('p1').toArray()).toEqual([written]);
    const seen: unknown[] = [];
    await d.entries.each((row) => void seen.push(row));
    expect(seen).toEqual([written]);
    const [out] = await d.outbox.toArray();
    expect(out!.stamps).toEqual({
      nama: written.stamps.nama,
      opd: written.stamps.nama,
      authorId: written.stamps.nama,
    });
    expect(out!.bases).toEqual({ nama: null, opd: null, authorId: null });
  });

  it('an edit of one field stores the record full, and the next full write packs it again', async () => {
    const first = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI', opd: 'Dinas Kesehatan' });
    const second = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI 2' });
    expect(second.stamps.nama! > first.stamps.opd!).toBe(true);
    expect(second.bases).toEqual({ nama: first.stamps.nama, opd: null });
    const stored = await raw((r) => r.table('entries').get('e1'));
    expect(stored.stamps).toEqual(second.stamps);
    expect(await d.entries.get('e1')).toEqual(second);
    // Dexie's modify reads through a cursor and writes back: the row stays what it was.
    await d.entries
      .where('id')
      .equals('e1')
      .modify((row) => void (row.updatedAt = 42));
    expect(await d.entries.get('e1')).toEqual({ ...second, updatedAt: 42 });
  });

  it('reads a row stored before the codec as it is, and packs it when it is next written', async () => {
    const old = doc(all(S1), all(null));
    await raw((r) => r.table('entries').put(old));
    expect(await d.entries.get('e1')).toEqual(old);
    await d.entries.put({ ...old, updatedAt: 9 } as never);
    const stored = await raw((r) => r.table('entries').get('e1'));
    expect(stored).toEqual({ ...old, updatedAt: 9, stamps: S1, bases: null });
  });
});
