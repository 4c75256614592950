/**
 * Issue 21, bug 2: entries brought in by a hand-over file show in the list of a device that never
 * joined a workshop (it has no other place to show them); a joined participant's list stays
 * their own (a workshop's pulls bring other people's entries too).
 */
import { configure, render, screen } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import { saveJoin } from '$src/app/db/workshop.ts';
import { exportHandover } from '$src/app/handover/export.ts';
import { applyImport, prepareImport } from '$src/app/handover/import.ts';
import EntriesScreen from '$src/app/screens/EntriesScreen.svelte';
import { resetDb } from '../unit/app/helpers.ts';
import { freshDb, seedEntries, useStorableBlob } from '../unit/app/handover/fixtures.ts';

configure({ asyncUtilTimeout: 10_000 });
useStorableBlob();
beforeEach(() => resetDb());

/** Another device's three entries, imported here through a real .lumbung file. */
async function importThree(): Promise<void> {
  const src = freshDb('other');
  try {
    await seedEntries(src, ['Sapa Warga', 'Posyandu Keliling', 'Bank Sampah']);
    const { bytes } = await exportHandover(src, { all: true });
    const prepared = await prepareImport(db, bytes);
    await applyImport(db, prepared);
  } finally {
    await src.delete();
  }
}

describe('"Entri saya" after an import', () => {
  it('a device that never joined lists the imported entries beside its own', async () => {
    await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { nama: 'Milik Sendiri', opd: 'DPMPTSP', tahapan: 'Inisiatif' },
      photos: [],
    });
    await importThree();
    render(EntriesScreen);
    for (const nama of ['Sapa Warga', 'Posyandu Keliling', 'Bank Sampah', 'Milik Sendiri'])
      expect(await screen.findByRole('link', { name: nama })).toBeInTheDocument();
    expect(screen.queryByText('Belum ada entri di perangkat ini.')).not.toBeInTheDocument();
  });

  it("a joined participant's list stays their own", async () => {
    await saveJoin(db, {
      token: 't'.repeat(43),
      session: {
        role: 'participant',
        workshopId: 'w1',
        personId: 'me-1',
        name: 'Ani',
        opd: 'DPMPTSP',
        participantCode: null,
        joinedAt: 1,
      },
      workshop: { table: 'workshops', id: 'w1', fields: { nama: 'W' }, stamps: {}, bases: {} },
    });
    await saveEntry(db, {
      entryId: null,
      draftId: null,
      values: { nama: 'Milik Ani', opd: 'DPMPTSP', tahapan: 'Inisiatif' },
      photos: [],
      author: { authorId: 'me-1', authorName: 'Ani', enteredBy: null, workshopId: 'w1' },
    });
    await importThree();
    render(EntriesScreen);
    expect(await screen.findByRole('link', { name: 'Milik Ani' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Sapa Warga' })).not.toBeInTheDocument();
  });
});
