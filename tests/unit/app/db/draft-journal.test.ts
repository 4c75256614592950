import { db } from '$src/app/db/db.ts';
import { DraftJournal, forgetJournal, journalDraft, replayJournal } from '$src/app/db/draft-journal.ts';
import { saveDraft } from '$src/app/db/drafts.ts';
import type { DraftRow } from '$src/app/db/types.ts';
import { resetDb } from '../helpers.ts';

const row = (nama: string, updatedAt: number, id = 'd1'): DraftRow => ({
  id,
  entryId: null,
  values: { nama },
  focus: 'f-nama',
  photos: [],
  person: null,
  updatedAt,
});

beforeEach(async () => {
  localStorage.clear();
  await resetDb();
});

describe('draft journal (localStorage beside the debounced IndexedDB autosave)', () => {
  it('puts a journalled draft that IndexedDB never got into drafts, once', async () => {
    journalDraft(row('Sapa Warga', 1000));
    expect(await replayJournal(db)).toBe(1);
    expect((await db.drafts.get('d1'))?.values.nama).toBe('Sapa Warga');
    expect(localStorage.length).toBe(0);
    expect(await replayJournal(db)).toBe(0);
  });

  it('keeps the newer of journal and IndexedDB (a tie goes to the journal)', async () => {
    await saveDraft(db, row('lama', 0), 2000);
    journalDraft(row('lebih lama', 1500));
    await replayJournal(db);
    expect((await db.drafts.get('d1'))?.values.nama).toBe('lama');
    journalDraft(row('baru', 2000));
    await replayJournal(db);
    expect((await db.drafts.get('d1'))?.values.nama).toBe('baru');
  });

  it('drops a forgotten row and a malformed one without writing', async () => {
    journalDraft(row('dibuang', 1000));
    forgetJournal('d1');
    localStorage.setItem('lumbung.draft-journal.bad', '{"id": 5}');
    localStorage.setItem('lumbung.draft-journal.junk', 'not json');
    expect(await replayJournal(db)).toBe(0);
    expect(await db.drafts.count()).toBe(0);
    expect(localStorage.length).toBe(0);
  });

  it('the typing-path writer re-encodes only the named field and still stores the whole draft', async () => {
    const j = new DraftJournal();
    const values: Record<string, string | string[] | undefined> = {
      nama: 'S',
      tujuan: 'panjang '.repeat(500),
      opd: '',
    };
    const meta = { id: 'd1', entryId: null, focus: 'f-nama', photos: [], person: null, updatedAt: 1 };
    j.write(meta, values);
    values.nama = 'Sa';
    j.write({ ...meta, updatedAt: 2 }, values, 'nama');
    values.urusan = ['Sosial'];
    j.write({ ...meta, updatedAt: 3 }, values, 'urusan[]');
    values.opd = 'DLH';
    j.write({ ...meta, updatedAt: 4, focus: 'f-opd' }, values, 'opd');
    const stored = JSON.parse(localStorage.getItem('lumbung.draft-journal.d1')!);
    expect(stored).toEqual({ ...meta, updatedAt: 4, focus: 'f-opd', values: { ...values } });
    expect(await replayJournal(db)).toBe(1);
    expect((await db.drafts.get('d1'))?.values).toEqual(values);
  });
});
