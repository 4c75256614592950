import { BackupSchema, backupFileName, buildBackup } from '$src/app/db/backup.ts';
import { db } from '$src/app/db/db.ts';
import { saveDraft } from '$src/app/db/drafts.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { addPhoto } from '$src/app/db/photos.ts';
import { imageFile, resetDb, useFakeResizer } from '../helpers.ts';

beforeEach(() => resetDb());
useFakeResizer();

describe('backup', () => {
  it('holds every record, draft, outbox row and photo, and passes its schema', async () => {
    const photo = await addPhoto(db, imageFile());
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: {
        nama: 'Ketawa si Ibu Penting Bro',
        opd: 'DKPP',
        tahapan: 'Inisiatif',
        jenis: 'Non Digital',
        bentuk: 'Inovasi Pelayanan Publik',
        urusanUtama: 'Pertanian',
      },
      photos: [photo.sha256],
    });
    await saveDraft(db, {
      id: 'd1',
      entryId: null,
      values: { nama: 'setengah diketik' },
      focus: 'f-nama',
      photos: [],
    });
    await db.meta.put({ key: 'token', value: 'secret-device-token' });

    const backup = await buildBackup(db, new Date('2026-11-23T20:00:00Z'));
    const json = JSON.parse(JSON.stringify(backup)) as unknown;
    const parsed = BackupSchema.parse(json);
    expect(parsed.records.entries.map((e) => e.id)).toEqual([id]);
    expect(parsed.records.attachments).toHaveLength(1);
    expect(parsed.drafts.map((d) => d.id)).toEqual(['d1']);
    expect(parsed.outbox.length).toBe(2);
    expect(parsed.photos).toHaveLength(1);
    expect(parsed.photos[0]!.sha256).toBe(photo.sha256);
    expect(atob(parsed.photos[0]!.dataUrl.split(',')[1]!)).toBe('IMG-flipchart');
    expect(JSON.stringify(json)).not.toContain('secret-device-token');
  });

  it('names the file by the date in Asia/Jakarta', () => {
    // 20:00 UTC on the 23rd is already the 24th in Blitar.
    expect(backupFileName(new Date('2026-11-23T20:00:00Z'))).toBe('lumbung-cadangan-20261124.json');
  });

  it('the schema refuses a file of another shape', () => {
    expect(BackupSchema.safeParse({ format: 'lumbung-cadangan', version: 1 }).success).toBe(false);
  });
});
