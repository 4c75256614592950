import { db } from '../../../src/app/db/db.ts';
import { saveDraft } from '../../../src/app/db/drafts.ts';
import { saveEntry, setEntryDeleted } from '../../../src/app/db/entries.ts';
import { deviceId } from '../../../src/app/db/records.ts';
import { loadEntryListData } from '../../../src/app/db/summaries.ts';
import {
  buildEntryIndex,
  entryStatus,
  searchEntries,
  type EntrySummary,
} from '../../../src/app/state/entryIndex.ts';
import { resetDb } from './helpers.ts';

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
