/**
 * Issue 21: what waits is counted per entry, as the person thinks of it: one entry saved with a
 * photo is "1 entri menunggu", not "2 perubahan" (the entry record and its photo's record).
 */
import { render, screen } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { outboxCounts } from '$src/app/replica/outbox-counts.ts';
import { addPhoto } from '$src/app/db/photos.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import SyncIndicator from '$src/app/sync/SyncIndicator.svelte';
import { syncStatus } from '$src/app/sync/status.svelte.ts';
import { imageFile, resetDb, useFakeResizer } from '../helpers.ts';
import { useStorableBlob } from '../handover/fixtures.ts';

useFakeResizer();
useStorableBlob();
beforeEach(() => resetDb());

describe('pending changes counted per entry', () => {
  it('an entry saved with a photo, then edited, is one entry waiting', async () => {
    const photo = await addPhoto(db, imageFile());
    const id = await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { nama: 'Sapa Warga', opd: 'Dinas Sosial', tahapan: 'Inisiatif' },
      photos: [photo.sha256],
    });
    await writeRecord(db, 'entries', id, { tujuan: 'Lebih cepat' });
    const c = await outboxCounts(db);
    expect(c.pending).toBe(3); // the records' changes, for the scheduler
    expect(c.entries).toBe(1);
  });

  it('the sync line says "1 entri menunggu"', () => {
    syncStatus.setCounts({ pending: 3, rejected: 0, entries: 1 });
    render(SyncIndicator);
    expect(screen.getByText('1 entri menunggu')).toBeInTheDocument();
  });
});
