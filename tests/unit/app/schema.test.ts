/**
 * The current schema version opens data written by that version. When schema v2 is added, add
 * here a test that writes v1 data with a v1-only Dexie, closes it, and opens it with openDb()
 * (which then declares v1 and v2) to prove the migration keeps every row.
 */
import { Dexie } from 'dexie';
import { DB_NAME, openDb, SCHEMA_V1 } from '../../../src/app/db/db.ts';

describe('Dexie schema', () => {
  it('opens version 1 data written by an earlier session, indexes intact', async () => {
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
      expect(d.verno).toBe(1);
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
