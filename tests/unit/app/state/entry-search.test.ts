import { db } from '$src/app/db/db.ts';
import { saveDraft } from '$src/app/db/drafts.ts';
import { saveEntry, setEntryDeleted } from '$src/app/db/entries.ts';
import { deviceId } from '$src/app/replica/device.ts';
import { entryRow, loadEntryListData, loadEntryListHead, saveEntryRows } from '$src/app/db/summaries.ts';
import {
  buildEntryIndex,
  entryStatus,
  searchEntries,
  type EntrySummary,
} from '$src/app/state/entrySearch.ts';
import { resetDb } from '../helpers.ts';

beforeEach(() => resetDb());

const base = {
  tahapan: 'Inisiatif',
  jenis: 'Digital',
  bentuk: 'Inovasi Pelayanan Publik',
  urusanUtama: 'Sosial',
};

function summary(p: Partial<EntrySummary> & { id: string }): EntrySummary {
  return {
    draftOnly: false,
    nama: '',
    opd: '',
    tahapan: 'Inisiatif',
    status: 'local',
    updatedAt: 0,
    search: '',
    ...p,
  };
}

describe('searchEntries', () => {
  const index = [
    summary({
      id: '3',
      nama: 'JAGO SILO',
      opd: 'Kelurahan Bendogerit',
      search: 'jago silo\njajan nonggo nglarisi bolo\nkelurahan bendogerit',
      status: 'draft',
    }),
    summary({
      id: '2',
      nama: 'SIDOTI',
      opd: 'Dinas Lingkungan Hidup',
      tahapan: 'Uji Coba',
      search: 'sidoti\nsedot tinja\ndinas lingkungan hidup',
    }),
    summary({
      id: '1',
      nama: 'Sosial Home Care Lanjut Usia',
      opd: 'Dinas Sosial',
      tahapan: 'Penerapan',
      search: 'sosial home care lanjut usia\ndinas sosial\nlansia',
      status: 'attention',
    }),
  ];

  it('matches every word, case-insensitively, in any text field, keeping the order', () => {
    expect(searchEntries(index, '').map((e) => e.id)).toEqual(['3', '2', '1']);
    expect(searchEntries(index, 'TINJA').map((e) => e.id)).toEqual(['2']);
    expect(searchEntries(index, 'dinas sosial').map((e) => e.id)).toEqual(['1']);
    expect(searchEntries(index, 'nglarisi bendogerit').map((e) => e.id)).toEqual(['3']);
    expect(searchEntries(index, 'tidak ada')).toEqual([]);
  });

  it('filters by tahapan, OPD and status, together with the query', () => {
    expect(searchEntries(index, '', { tahapan: 'Uji Coba' }).map((e) => e.id)).toEqual(['2']);
    expect(searchEntries(index, '', { opd: 'Dinas Sosial' }).map((e) => e.id)).toEqual(['1']);
    expect(searchEntries(index, '', { status: 'draft' }).map((e) => e.id)).toEqual(['3']);
    expect(searchEntries(index, 'dinas', { status: 'attention' }).map((e) => e.id)).toEqual(['1']);
  });

  it('ranks what needs action: attention over draft over waiting over sent', () => {
    expect(entryStatus(true, true, true)).toBe('attention');
    expect(entryStatus(false, true, true)).toBe('draft');
    expect(entryStatus(false, false, true)).toBe('local');
    expect(entryStatus(false, false, false)).toBe('sent');
  });
});

describe('the entry index from the database', () => {
  it("derives each status from drafts and the outbox, leaves out deleted and others' entries", async () => {
    const me = await deviceId(db);
    const local = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Tersimpan', opd: 'Dinas Sosial' },
      photos: [],
      now: 1,
    });
    const sent = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Terkirim', opd: 'DLH' },
      photos: [],
      now: 2,
    });
    const rejected = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Ditolak', opd: 'DLH' },
      photos: [],
      now: 3,
    });
    const drafted = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Diubah', opd: 'DLH' },
      photos: [],
      now: 4,
    });
    const gone = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Dihapus', opd: 'DLH' },
      photos: [],
      now: 5,
    });
    await setEntryDeleted(db, gone, true);
    // What the sync engine does: accepted rows are deleted, rejected ones are marked.
    await db.outbox.where('id').equals(sent).delete();
    await db.outbox.where('id').equals(rejected).modify({ state: 'rejected' });
    await saveDraft(db, {
      id: `edit:${drafted}`,
      entryId: drafted,
      values: { nama: 'Diubah lagi' },
      focus: null,
      photos: [],
    });
    await saveDraft(db, {
      id: 'new1',
      entryId: null,
      values: { nama: 'Belum disimpan', opd: 'BPBD' },
      focus: null,
      photos: [],
    });
    // An entry of another participant, pulled from the workshop.
    await db.entries.put({
      table: 'entries',
      id: 'other',
      fields: { ...base, nama: 'Milik orang lain', authorId: 'someone-else' },
      stamps: {},
      bases: {},
      updatedAt: 9,
    });

    const index = buildEntryIndex(await loadEntryListData(db, me));
    const byName = Object.fromEntries(index.map((e) => [e.nama, e.status]));
    expect(byName).toEqual({
      Tersimpan: 'local',
      Terkirim: 'sent',
      Ditolak: 'attention',
      Diubah: 'draft',
      'Belum disimpan': 'draft',
    });
    expect(index.find((e) => e.nama === 'Belum disimpan')?.draftOnly).toBe(true);
    expect(index.find((e) => e.id === local)?.search).toContain('dinas sosial');
  });

  it('a waiting photo keeps its entry "tersimpan di perangkat"', async () => {
    const me = await deviceId(db);
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Foto', opd: 'DLH' },
      photos: [],
    });
    await db.outbox.where('id').equals(id).delete();
    await db.attachments.put({
      table: 'attachments',
      id: 'att1',
      fields: { entryId: id },
      stamps: {},
      bases: {},
      updatedAt: 1,
    });
    await db.outbox.add({
      changeId: 'c1',
      table: 'attachments',
      id: 'att1',
      fields: {},
      stamps: {},
      bases: {},
      createdAt: 1,
      state: 'pending',
      attempts: 0,
    });
    const index = buildEntryIndex(await loadEntryListData(db, me));
    expect(index[0]?.status).toBe('local');
  });
});

describe('loadEntryListHead: the newest page before the full index', () => {
  function rec(id: string, authorId: string, updatedAt: number, deleted = false) {
    return {
      table: 'entries' as const,
      id,
      fields: { ...base, nama: `E ${id}`, opd: 'DLH', authorId, ...(deleted ? { deleted: true } : {}) },
      stamps: {},
      bases: {},
      updatedAt,
    };
  }

  it('holds the newest entries of these authors only, in the order and with the statuses of the full index', async () => {
    const me = await deviceId(db);
    const rows = [];
    // 600 entries: more than one batch of the full read (250), interleaved with someone else's.
    for (let i = 0; i < 600; i++) rows.push(rec(`m${String(i).padStart(4, '0')}`, me, 1_000 + i));
    for (let i = 0; i < 50; i++) rows.push(rec(`o${i}`, 'someone-else', 5_000 + i));
    rows.push(rec('p0001', 'person-1', 1_599.5));
    await db.entries.bulkPut(rows);
    await db.outbox.add({
      changeId: 'c-rej',
      table: 'entries',
      id: 'm0599',
      fields: {},
      stamps: {},
      bases: {},
      createdAt: 1,
      state: 'rejected',
      attempts: 1,
    });
    await db.outbox.add({
      changeId: 'c-pend',
      table: 'entries',
      id: 'm0598',
      fields: {},
      stamps: {},
      bases: {},
      createdAt: 1,
      state: 'pending',
      attempts: 0,
    });

    const authors = [me, 'person-1'];
    const head = buildEntryIndex(await loadEntryListHead(db, authors, 5));
    const full = buildEntryIndex(await loadEntryListData(db, authors));
    expect(full).toHaveLength(601);
    expect(full.some((e) => e.id.startsWith('o'))).toBe(false);
    expect(head.map((e) => e.id)).toEqual(['p0001', 'm0599', 'm0598', 'm0597', 'm0596']);
    expect(head).toEqual(full.slice(0, 5));
    expect(head.map((e) => e.status)).toEqual(['sent', 'attention', 'local', 'sent', 'sent']);
  });
});

describe('the entry row cache behind the full index', () => {
  function rec(id: string, nama: string, authorId: string, updatedAt: number) {
    return {
      table: 'entries' as const,
      id,
      fields: { ...base, nama, opd: 'DLH', authorId },
      stamps: {},
      bases: {},
      updatedAt,
    };
  }
  /** The index as it would be built with no cache at all: the truth the cache must match. */
  async function fromScratch(me: string) {
    const rows = (await db.entries.toArray()).map(entryRow);
    const data = await loadEntryListData(db, me);
    return buildEntryIndex({ ...data, entries: rows.filter((r) => r.authorId === me) });
  }
  async function loadAndSave(me: string) {
    const data = await loadEntryListData(db, me);
    await saveEntryRows(db, data.update);
    return { index: buildEntryIndex(data), update: data.update };
  }

  it('is built on first use, then read with only the recent records, and always equals a fresh build', async () => {
    const me = await deviceId(db);
    const now = Date.now();
    await db.entries.bulkPut(
      Array.from({ length: 300 }, (_, i) => rec(`e${i}`, `Nama ${i}`, me, now - 3_600_000 + i)),
    );

    const first = await loadAndSave(me);
    expect(first.update.rebuilt).toBe(true);
    expect(await db.entryRows.count()).toBe(300);
    expect(first.index).toEqual(await fromScratch(me));

    // Nothing changed: the catch-up reads only the last minutes and finds nothing to store.
    const second = await loadAndSave(me);
    expect(second.update).toMatchObject({ rebuilt: false, rows: [] });
    expect(second.index).toEqual(first.index);

    // An edit through the app, a second write in the same millisecond, a pulled record.
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...base, nama: 'Baru', opd: 'BPBD' },
      photos: [],
    });
    const stored = (await db.entries.get(id))!;
    await db.entries.put({ ...stored, fields: { ...stored.fields, nama: 'Baru lagi' } });
    await db.entries.put(rec('pulled', 'Dari server', me, Date.now()));
    const third = await loadAndSave(me);
    expect(third.update.rebuilt).toBe(false);
    expect(third.update.rows.map((r) => r.id).sort()).toEqual([id, 'pulled'].sort());
    expect(third.index).toEqual(await fromScratch(me));
    expect(third.index.find((e) => e.id === id)?.nama).toBe('Baru lagi');
    expect((await db.entryRows.get(id))?.nama).toBe('Baru lagi');
  });

  it('rebuilds when it cannot be right: an entry older than its catch-up, a clock set back, an entry gone', async () => {
    const me = await deviceId(db);
    const now = Date.now();
    await db.entries.bulkPut([rec('a', 'A', me, now), rec('b', 'B', me, now)]);
    await loadAndSave(me);

    // Written with a clock far behind: older than any catch-up would read.
    await db.entries.put(rec('old', 'Jam mundur', me, now - 86_400_000));
    const afterOld = await loadAndSave(me);
    expect(afterOld.update.rebuilt).toBe(true);
    expect(afterOld.index.map((e) => e.id)).toContain('old');

    // The clock set back behind the newest write: what is written now would be older than the
    // catch-up, so every load rebuilds until the clock has passed it again.
    const behind = await loadEntryListData(db, me, () => now - 60_000);
    expect(behind.update.rebuilt).toBe(true);
    const ahead = await loadEntryListData(db, me, () => now + 60_000);
    expect(ahead.update.rebuilt).toBe(false);

    await db.entries.delete('b');
    const afterGone = await loadAndSave(me);
    expect(afterGone.update.rebuilt).toBe(true);
    expect(afterGone.index.map((e) => e.id).sort()).toEqual(['a', 'old']);
    expect(await db.entryRows.get('b')).toBeUndefined();
  });
});
