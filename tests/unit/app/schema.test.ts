/**
 * Schema versions are migrations: data written by a v1-only Dexie (what an earlier release
 * left on a phone) opens with openDb() (v1 + v2), every row kept and the new index usable.
 */
import { Dexie } from 'dexie';
import { DB_NAME, openDb, SCHEMA_V1 } from '../../../src/app/db/db.ts';

describe('Dexie schema', () => {
  it('upgrades version 1 data to version 2: every row kept, old and new indexes work', async () => {
    const name = `${DB_NAME}-schema-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('entries').put({
      table: 'entries',
      id: 'e1',
      fields: { nama: 'SAPA MAS WALI', opd: 'Sekretariat Daerah (Bagian Organisasi)', authorId: 'dev1' },
      stamps: {},
      bases: {},
      updatedAt: 1,
    });
    await v1.table('drafts').put({
      id: 'd1',
      entryId: null,
      values: { nama: 'draf' },
      focus: null,
      photos: [],
      person: null,
      updatedAt: 2,
    });
    await v1.table('outbox').add({
      changeId: 'c1',
      table: 'entries',
      id: 'e1',
      fields: {},
      stamps: {},
      bases: {},
      createdAt: 1,
      state: 'pending',
      attempts: 0,
    });
    v1.close();

    const d = openDb(name);
    await d.open();
    try {
      expect(d.verno).toBe(2);
      // v2's [author+updatedAt] index was built over the rows v1 wrote.
      expect(
        (
          await d.entries
            .where('[fields.authorId+updatedAt]')
            .between(['dev1', Dexie.minKey], ['dev1', Dexie.maxKey])
            .toArray()
        ).map((e) => e.id),
      ).toEqual(['e1']);
      // fields.authorId is no index of its own in v2: Dexie answers it from the compound one.
      expect((await d.entries.where('fields.authorId').equals('dev1').first())?.fields.nama).toBe(
        'SAPA MAS WALI',
      );
      expect((await d.drafts.get('d1'))?.values).toEqual({ nama: 'draf' });
      expect(await d.outbox.where('id').equals('e1').count()).toBe(1);
    } finally {
      await d.delete();
    }
  });
});
