/**
 * Issue 21: a conflict (a value of this device that lost to a concurrent edit) is visible where
 * the person already looks: the row's status and a line on it, the "Perlu perhatian" filter, and
 * a count in the sync line. Restoring it ("Pulihkan") clears all three.
 */
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { saveEntry } from '$src/app/db/entries.ts';
import EntriesScreen from '$src/app/screens/EntriesScreen.svelte';
import { restoreLost } from '$src/app/sync/conflicts.ts';
import { unresolvedConflicts } from '$src/app/replica/conflicts.ts';
import SyncIndicator from '$src/app/sync/SyncIndicator.svelte';
import { observeConflictCount } from '$src/app/replica/conflict-index.ts';
import { syncStatus } from '$src/app/sync/status.svelte.ts';
import { conflictId } from '$src/core/merge.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });
beforeEach(() => resetDb());

async function sentEntry(nama: string): Promise<string> {
  const id = await saveEntry(db, {
    entryId: null,
    draftId: null,
    values: { nama, opd: 'Dinas Sosial', tahapan: 'Inisiatif' },
    photos: [],
  });
  await db.outbox.clear(); // as if synced: "Terkirim ke pusat"
  return id;
}

async function loseName(id: string, value: string): Promise<void> {
  const winner = (await db.entries.get(id))!.stamps.nama!;
  const lost = {
    table: 'entries' as const,
    recordId: id,
    field: 'nama',
    value,
    stamp: '000000000000001-00000-other',
    winnerStamp: winner,
    concurrent: true,
  };
  await db.history.put({ ...lost, id: conflictId(lost), at: Date.now() });
}

const row = (nama: string) =>
  screen.getAllByTestId('entry-item').find((li) => within(li).queryByRole('link', { name: nama }))!;

describe('a conflict is visible without opening the entry', () => {
  it('on the row, in the "Perlu perhatian" filter, and it goes once restored', async () => {
    const a = await sentEntry('Sapa Warga');
    await sentEntry('Posyandu Keliling');
    await loseName(a, 'Sapa Warga Kelurahan');
    render(EntriesScreen);
    await screen.findByRole('link', { name: 'Sapa Warga' });
    await waitFor(() =>
      expect(within(row('Sapa Warga')).getByTestId('entry-status')).toHaveTextContent('Perlu perhatian'),
    );
    expect(within(row('Sapa Warga')).getByTestId('entry-conflict')).toBeInTheDocument();
    expect(within(row('Posyandu Keliling')).getByTestId('entry-status')).toHaveTextContent(
      'Terkirim ke pusat',
    );

    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'attention' } });
    await waitFor(() => expect(screen.getAllByTestId('entry-item')).toHaveLength(1));
    expect(row('Sapa Warga')).toBeInTheDocument();

    const [c] = await unresolvedConflicts(db, a);
    await restoreLost(db, c!);
    await waitFor(() => expect(screen.queryAllByTestId('entry-item')).toHaveLength(0));
  });

  it('the sync line counts entries with a conflict and says what to do', async () => {
    const a = await sentEntry('Sapa Warga');
    await loseName(a, 'Sapa Warga Kelurahan');
    const stop = observeConflictCount(db, (n) => syncStatus.setConflicts(n));
    try {
      syncStatus.setCounts({ pending: 0, rejected: 0 });
      render(SyncIndicator);
      expect(await screen.findByText(/1 entri punya isian yang tertimpa/)).toBeInTheDocument();
    } finally {
      stop();
      syncStatus.setConflicts(0);
    }
  });
});
