/**
 * The sync engine loads only when the device has business with the server: a fresh device
 * that typed nothing does not, its first saved entry or a token (join, admin sign-in) does.
 */
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { hasSyncWork, whenSyncWork } from '$src/app/db/sync-needed.ts';
import { setLastSyncAt, setToken } from '$src/app/replica/sync-state.ts';
import { resetDb } from '../helpers.ts';

beforeEach(() => resetDb());

const values = { nama: 'SIDOTI', opd: 'Dinas Lingkungan Hidup', tahapan: 'Inisiatif' };

describe('sync needed', () => {
  it('a fresh device: no; a token or a past sync: yes', async () => {
    expect(await hasSyncWork(db)).toBe(false);
    await setToken(db, 'tok');
    expect(await hasSyncWork(db)).toBe(true);
    await setToken(db, null);
    expect(await hasSyncWork(db)).toBe(false);
    await setLastSyncAt(db, 1);
    expect(await hasSyncWork(db)).toBe(true);
  });

  it('waits on a fresh device and fires once, with the first saved entry', async () => {
    let fired = 0;
    const stop = whenSyncWork(db, () => fired++);
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(fired).toBe(0);
      await saveEntry(db, { entryId: null, draftId: null, values, photos: [] });
      await vi.waitFor(() => expect(fired).toBe(1));
      await saveEntry(db, { entryId: null, draftId: null, values, photos: [] });
      await new Promise((r) => setTimeout(r, 50));
      expect(fired).toBe(1);
    } finally {
      stop();
    }
  });

  it('fires at once on a device that already has a token', async () => {
    await setToken(db, 'tok');
    let fired = 0;
    whenSyncWork(db, () => fired++);
    await vi.waitFor(() => expect(fired).toBe(1));
  });
});
