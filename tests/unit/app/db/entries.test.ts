import { db } from '$src/app/db/db.ts';
import { deleteDraft, findDraft, saveDraft } from '$src/app/db/drafts.ts';
import { duplicateEntry, liveAttachments, saveEntry, setEntryDeleted } from '$src/app/db/entries.ts';
import { isQuotaError, storageErrorCode } from '$src/app/db/errors.ts';
import { addPhoto, PhotoError } from '$src/app/db/photos.ts';
import { deviceId } from '$src/app/replica/device.ts';
import { failWrites, imageFile, resetDb, useFakeResizer } from '../helpers.ts';

beforeEach(() => resetDb());
useFakeResizer();

const core = {
  nama: 'SIDOTI — Sistem Informasi Sedot Tinja Terintegrasi',
  opd: 'Dinas Lingkungan Hidup',
  tahapan: 'Inisiatif',
  jenis: 'Digital',
  bentuk: 'Inovasi Pelayanan Publik',
  urusanUtama: 'Lingkungan Hidup',
};

describe('saveEntry', () => {
  it('writes the entry with system fields, its outbox change and removes the draft, together', async () => {
    await saveDraft(db, { id: 'd1', entryId: null, values: core, focus: 'f-nama', photos: [] });
    const id = await saveEntry(db, { entryId: null, draftId: 'd1', values: core, photos: [] });
    const e = await db.entries.get(id);
    expect(e?.fields).toMatchObject({
      ...core,
      authorId: await deviceId(db),
      deleted: false,
      workshopId: null,
    });
    expect(typeof e?.fields.createdAt).toBe('number');
    const outbox = await db.outbox.where('id').equals(id).toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.state).toBe('pending');
    expect(await db.drafts.get('d1')).toBeUndefined();
  });

  it('an edit writes only changed fields', async () => {
    const id = await saveEntry(db, { entryId: null, draftId: null, values: core, photos: [] });
    await saveEntry(db, { entryId: id, draftId: null, values: { ...core, tahapan: 'Uji Coba' }, photos: [] });
    const rows = await db.outbox.where('id').equals(id).sortBy('seq');
    expect(Object.keys(rows[1]!.fields)).toEqual(['tahapan']);
  });

  it('photos picked in the form become attachment records of the entry', async () => {
    const blob = await addPhoto(db, imageFile());
    const id = await saveEntry(db, { entryId: null, draftId: null, values: core, photos: [blob.sha256] });
    const atts = await liveAttachments(db, id);
    expect(atts).toHaveLength(1);
    expect(atts[0]!.fields).toMatchObject({
      entryId: id,
      sha256: blob.sha256,
      mime: 'image/jpeg',
      deleted: false,
    });
    expect((await db.blobs.get(blob.sha256))?.uploaded).toBe(0);
  });

  it('a failing write (full disk) leaves no entry, no outbox row, and keeps the draft', async () => {
    await saveDraft(db, { id: 'd1', entryId: null, values: core, focus: null, photos: [] });
    const restore = failWrites(db.entries);
    try {
      const err = await saveEntry(db, { entryId: null, draftId: 'd1', values: core, photos: [] }).catch(
        (e: unknown) => e,
      );
      expect(storageErrorCode(err)).toBe('storage.full');
    } finally {
      restore();
    }
    expect(await db.entries.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.drafts.get('d1'))?.values).toEqual(core);
  });
});

describe('delete, undo and duplicate', () => {
  it('delete is a tombstone written through the outbox; undo writes deleted:false', async () => {
    const id = await saveEntry(db, { entryId: null, draftId: null, values: core, photos: [] });
    await setEntryDeleted(db, id, true);
    expect((await db.entries.get(id))?.fields.deleted).toBe(true);
    await setEntryDeleted(db, id, false);
    expect((await db.entries.get(id))?.fields.deleted).toBe(false);
    const changes = await db.outbox.where('id').equals(id).sortBy('seq');
    expect(changes.map((c) => c.fields.deleted)).toEqual([false, true, false]);
  });

  it('duplicate makes a new entry with copied values, a suffixed name and copied photos', async () => {
    const blob = await addPhoto(db, imageFile());
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { ...core, tujuan: 'Layanan sedot tinja 🚽 lebih cepat' },
      photos: [blob.sha256],
    });
    const copy = await duplicateEntry(db, id);
    expect(copy).not.toBe(id);
    const c = await db.entries.get(copy);
    expect(c?.fields.nama).toBe(`${core.nama} (salinan)`);
    expect(c?.fields.tujuan).toBe('Layanan sedot tinja 🚽 lebih cepat');
    expect(c?.fields.deleted).toBe(false);
    expect((await liveAttachments(db, copy)).map((a) => a.fields.sha256)).toEqual([blob.sha256]);
  });
});

describe('drafts', () => {
  it('finds the latest draft of a new entry, and the draft of an edited entry by its id', async () => {
    await saveDraft(db, { id: 'a', entryId: null, values: { nama: 'lama' }, focus: null, photos: [] }, 1);
    await saveDraft(db, { id: 'b', entryId: null, values: { nama: 'baru' }, focus: null, photos: [] }, 2);
    await saveDraft(
      db,
      { id: 'edit:e1', entryId: 'e1', values: { nama: 'ubah' }, focus: null, photos: [] },
      3,
    );
    expect((await findDraft(db, null))?.id).toBe('b');
    expect((await findDraft(db, 'e1'))?.values.nama).toBe('ubah');
    await deleteDraft(db, 'b');
    expect((await findDraft(db, null))?.id).toBe('a');
  });
});

/** A 40 MB camera file, without allocating 40 MB: only its size matters before decoding. */
function bigFile(): File {
  const f = new File(['IMG'], 'besar.jpg', { type: 'image/jpeg' });
  Object.defineProperty(f, 'size', { value: 40 * 1024 * 1024 });
  return f;
}

describe('photos', () => {
  it('stores the resized blob keyed by its SHA-256, once per content', async () => {
    const a = await addPhoto(db, imageFile('a.jpg', 'IMG-same'));
    const b = await addPhoto(db, imageFile('b.jpg', 'IMG-same'));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).toBe(a.sha256);
    expect(await db.blobs.count()).toBe(1);
  });

  // Files are built inside the test: formatting a jsdom File into a test name walks all of jsdom.
  const cases = [
    {
      what: 'a non-image file',
      code: 'photo.not_image',
      file: () => new File(['%PDF-1.4'], 'laporan.pdf', { type: 'application/pdf' }),
    },
    {
      what: 'an image that cannot be decoded',
      code: 'photo.unreadable',
      file: () => new File(['garbage'], 'rusak.jpg', { type: 'image/jpeg' }),
    },
    { what: 'a 40 MB photo', code: 'photo.too_large', file: bigFile },
  ];
  for (const c of cases) {
    it(`refuses ${c.what} with ${c.code} and stores nothing`, async () => {
      const err = await addPhoto(db, c.file()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PhotoError);
      expect((err as PhotoError).code).toBe(c.code);
      expect(await db.blobs.count()).toBe(0);
    });
  }

  it('a full disk while storing the blob is storage.full', async () => {
    const restore = failWrites(db.blobs);
    try {
      const err = await addPhoto(db, imageFile()).catch((e: unknown) => e);
      expect((err as PhotoError).code).toBe('storage.full');
    } finally {
      restore();
    }
  });
});

describe('isQuotaError', () => {
  it('sees a QuotaExceededError directly, wrapped by Dexie as AbortError (inner), or as a cause', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: quota })).toBe(true);
    expect(isQuotaError(new Error('x', { cause: { name: 'AbortError', inner: quota } }))).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(storageErrorCode(new Error('other'))).toBe('storage.failed');
  });
});
