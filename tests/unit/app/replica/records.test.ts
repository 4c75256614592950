import type { LumbungDb } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { useFreshDb } from '../helpers.ts';

const fresh = useFreshDb();
let d: LumbungDb;
beforeEach(() => {
  d = fresh();
});

describe('writeRecord', () => {
  it('stores the record and its outbox change together, stamping only changed fields', async () => {
    const r1 = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI', opd: 'Dinas Lingkungan Hidup' });
    expect(r1.fields).toEqual({ nama: 'SIDOTI', opd: 'Dinas Lingkungan Hidup' });
    const r2 = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI', opd: 'DLH' });
    expect(r2.stamps.opd! > r1.stamps.opd!).toBe(true);
    expect(r2.stamps.nama).toBe(r1.stamps.nama);
    const outbox = await d.outbox.orderBy('seq').toArray();
    expect(outbox.map((o) => Object.keys(o.fields))).toEqual([['nama', 'opd'], ['opd']]);
    expect(outbox[1]!.bases.opd).toBe(r1.stamps.opd);
  });

  it('gives every field of one write the same stamp, and the next write a later one', async () => {
    const r1 = await writeRecord(d, 'entries', 'e1', { nama: 'SIDOTI', opd: 'DLH', tahapan: 'Inisiatif' });
    expect(new Set(Object.values(r1.stamps)).size).toBe(1);
    const r2 = await writeRecord(d, 'entries', 'e2', { nama: 'JAGO SILO', opd: 'DLH' });
    expect(r2.stamps.nama! > r1.stamps.nama!).toBe(true);
    expect(r2.stamps.opd).toBe(r2.stamps.nama);
  });

  it('writes nothing when the values did not change', async () => {
    await writeRecord(d, 'entries', 'e1', { nama: 'JAGO SILO' });
    await writeRecord(d, 'entries', 'e1', { nama: 'JAGO SILO' });
    expect(await d.outbox.count()).toBe(1);
  });
});
