/**
 * Schema versions are migrations: data written by an earlier release (a v1-only or a v1 + v2
 * Dexie, what it left on a phone) opens with openDb(), every row kept and the indexes usable.
 */
import { Dexie } from 'dexie';
import { DB_NAME, openDb, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3 } from '$src/app/db/db.ts';

describe('Dexie schema', () => {
  it('upgrades version 1 data to the newest version: every row kept, old and new indexes work', async () => {
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
      expect(d.verno).toBe(12);
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

  it('upgrades version 2 data to version 3: rows kept, the OPD and workshop indexes dropped', async () => {
    const name = `${DB_NAME}-schema-${Math.random()}`;
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    await v2.open();
    const entry = (id: string, updatedAt: number) => ({
      table: 'entries',
      id,
      fields: { nama: `Inovasi ${id}`, opd: 'Dinas Kesehatan', workshopId: 'ws-1', authorId: 'p1' },
      stamps: {},
      bases: {},
      updatedAt,
    });
    await v2.table('entries').bulkPut([entry('e1', 1), entry('e2', 2)]);
    expect(v2.table('entries').schema.idxByName['fields.opd']).toBeDefined();
    v2.close();

    const d = openDb(name);
    await d.open();
    try {
      expect(d.verno).toBe(12);
      const indexes = d.entries.schema.indexes.map((i) => i.name).sort();
      expect(indexes).toEqual(['[fields.authorId+updatedAt]', 'updatedAt']);
      expect((await d.entries.orderBy('id').toArray()).map((e) => e.fields.nama)).toEqual([
        'Inovasi e1',
        'Inovasi e2',
      ]);
      expect(await d.entries.where('updatedAt').above(1).primaryKeys()).toEqual(['e2']);
      // The index is gone from IndexedDB itself, not only from Dexie's view of it.
      const idb = d.backendDB();
      const names = [...idb.transaction('entries').objectStore('entries').indexNames].sort();
      expect(names).toEqual(['[fields.authorId+updatedAt]', 'updatedAt']);
    } finally {
      await d.delete();
    }
  });

  it('upgrades version 3 data to version 12: photos kept, evidence files found by what they are for', async () => {
    const name = `${DB_NAME}-schema-${Math.random()}`;
    const v3 = new Dexie(name);
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    await v3.open();
    const att = (id: string, extra: Record<string, unknown>) => ({
      table: 'attachments' as const,
      id,
      fields: { entryId: 'e1', sha256: id.padEnd(64, '0'), mime: 'image/jpeg', ...extra },
      stamps: {},
      bases: {},
      updatedAt: 1,
    });
    await v3.table('attachments').put(att('a1', {}));
    v3.close();

    const d = openDb(name);
    await d.open();
    try {
      expect(d.verno).toBe(12);
      await d.attachments.put(att('b2', { evidenceFor: 'regulasi', mime: 'application/pdf' }));
      expect((await d.attachments.where('fields.entryId').equals('e1').primaryKeys()).sort()).toEqual([
        'a1',
        'b2',
      ]);
      // A photo has no evidenceFor: the index holds the evidence file only.
      expect(await d.attachments.where('fields.evidenceFor').above('').primaryKeys()).toEqual(['b2']);
    } finally {
      await d.delete();
    }
  });
});
