/** The sync indicator and an entry's sync notices, rendered in jsdom over the app database. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import EntrySyncNotices from '$src/app/sync/EntrySyncNotices.svelte';
import SyncIndicator from '$src/app/sync/SyncIndicator.svelte';
import { syncStatus } from '$src/app/sync/status.svelte.ts';
import { SyncError } from '$src/app/sync/transport.ts';
import { conflictId } from '$src/core/merge.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';

beforeEach(async () => {
  i18n.setLang('id');
  await Promise.all(db.tables.map((t) => t.clear()));
});

describe('SyncIndicator', () => {
  it('says in words when the last sync was and how many changes wait', () => {
    syncStatus.setLastSyncAt(Date.now() - 5 * 60_000 - 1000);
    syncStatus.setCounts({ pending: 3, rejected: 0 });
    syncStatus.setOnline(true);
    render(SyncIndicator);
    expect(screen.getByText('Terakhir sinkron 5 menit lalu')).toBeInTheDocument();
    expect(screen.getByText('3 perubahan menunggu')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sinkronkan sekarang' })).toBeEnabled();
  });

  it('says never synced, offline, and an error with what to do', () => {
    syncStatus.setLastSyncAt(null);
    syncStatus.setCounts({ pending: 0, rejected: 2 });
    syncStatus.setOnline(true);
    syncStatus.roundEnded(
      {
        ok: false,
        accepted: 0,
        rejected: 0,
        pulled: 0,
        restamped: 0,
        downloaded: 0,
        requests: 1,
        error: new SyncError('sync.net.timeout', 0, true),
      },
      Date.now(),
    );
    const { unmount } = render(SyncIndicator);
    expect(screen.getByText('Belum pernah disinkronkan')).toBeInTheDocument();
    expect(screen.getByText(/Sinkron gagal: Server terlalu lama menjawab/)).toBeInTheDocument();
    expect(screen.getByText(/2 perubahan perlu perhatian/)).toBeInTheDocument();
    unmount();
    syncStatus.setOnline(false);
    render(SyncIndicator);
    expect(screen.getByText(/Sedang offline/)).toBeInTheDocument();
  });
});

describe('SyncIndicator announcements', () => {
  it('a save and its sync round are announced once, when the state settles; the page load says nothing', async () => {
    // At load: the last round failed, nothing waits.
    syncStatus.setLastSyncAt(Date.now() - 60_000);
    syncStatus.setCounts({ pending: 0, rejected: 0 });
    syncStatus.setOnline(true);
    syncStatus.roundEnded(
      {
        ok: false,
        accepted: 0,
        rejected: 0,
        pulled: 0,
        restamped: 0,
        downloaded: 0,
        requests: 1,
        error: new SyncError('sync.net.timeout', 0, true),
      },
      Date.now(),
    );
    render(SyncIndicator);
    const region = screen.getByTestId('sync-announce');
    expect(region).toHaveAttribute('role', 'status');
    const heard: string[] = [];
    new MutationObserver(() => heard.push(region.textContent ?? '')).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    // A save, then a round a moment later: pending 1, syncing, pending 0, done.
    syncStatus.setCounts({ pending: 1, rejected: 0 });
    syncStatus.roundStarted();
    await new Promise((r) => setTimeout(r, 50));
    syncStatus.setCounts({ pending: 0, rejected: 0 });
    syncStatus.roundEnded(
      { ok: true, accepted: 1, rejected: 0, pulled: 0, restamped: 0, downloaded: 0, requests: 1 },
      Date.now(),
    );
    await waitFor(() => expect(region).toHaveTextContent('Semua perubahan sudah terkirim'), {
      timeout: 5000,
    });
    await new Promise((r) => setTimeout(r, 2000));
    expect(heard.filter((h) => h !== '')).toEqual(['Semua perubahan sudah terkirim']);
    // Going offline is a change of its own: said once.
    syncStatus.setOnline(false);
    await waitFor(() => expect(region).toHaveTextContent(/Sedang offline/), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 2000));
    expect(heard.filter((h) => h !== '')).toHaveLength(2);
    syncStatus.setOnline(true);
  });
});

describe('EntrySyncNotices', () => {
  it('shows a rejected change with the server reason in the current language, and retries it', async () => {
    await writeRecord(db, 'entries', 'e1', { nama: 'X', tahapan: 'salah' });
    const row = (await db.outbox.toArray())[0]!;
    await db.outbox.update(row.seq!, {
      state: 'rejected',
      error: { code: 'api.invalid_body', message: 'Isian tidak sesuai.', messageEn: 'Wrong shape.' },
    });
    render(EntrySyncNotices, { entryId: 'e1' });
    expect(await screen.findByText('Isian tidak sesuai.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Coba kirim lagi' }));
    await waitFor(async () => expect((await db.outbox.get(row.seq!))?.state).toBe('pending'));
    await waitFor(() => expect(screen.queryByText('Isian tidak sesuai.')).not.toBeInTheDocument());
  });

  it('discards one rejected change: row gone, value kept in history, local value taken out', async () => {
    await writeRecord(db, 'entries', 'e1', { nama: 'BAIK' });
    await writeRecord(db, 'entries', 'e1', { tahapan: 'salah' });
    const rows = await db.outbox.orderBy('seq').toArray();
    await db.outbox.update(rows[1]!.seq!, {
      state: 'rejected',
      error: { code: 'api.invalid_body', message: 'Isian tidak sesuai.', messageEn: 'Wrong shape.' },
    });
    i18n.setLang('en');
    render(EntrySyncNotices, { entryId: 'e1' });
    expect(await screen.findByText('Wrong shape.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Discard this change' }));
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    const rec = await db.entries.get('e1');
    expect(rec?.fields).toEqual({ nama: 'BAIK' });
    const hist = await db.history.toArray();
    expect(hist).toMatchObject([{ recordId: 'e1', field: 'tahapan', value: 'salah' }]);
  });

  it('shows a lost concurrent value once and restores it with one tap', async () => {
    await writeRecord(db, 'entries', 'e1', { nama: 'MENANG' });
    const winner = (await db.entries.get('e1'))!.stamps.nama!;
    const lost = {
      table: 'entries' as const,
      recordId: 'e1',
      field: 'nama',
      value: 'KALAH',
      stamp: '000000000000001-00000-other',
      winnerStamp: winner,
      concurrent: true,
    };
    const id = conflictId(lost);
    await db.history.put({ ...lost, id, at: Date.now() });
    // The server's conflict record for the same lost write: shown once, not twice.
    await db.conflicts.put({
      table: 'conflicts',
      id,
      fields: { ...lost, resolved: false, deleted: false },
      stamps: {},
      bases: {},
      updatedAt: Date.now(),
    });
    render(EntrySyncNotices, { entryId: 'e1' });
    const buttons = await screen.findAllByRole('button', { name: 'Pulihkan' });
    expect(buttons).toHaveLength(1);
    expect(screen.getByText(/"KALAH"/)).toBeInTheDocument();
    await fireEvent.click(buttons[0]!);
    await waitFor(async () => expect((await db.entries.get('e1'))?.fields.nama).toBe('KALAH'));
    await waitFor(async () => expect((await db.conflicts.get(id))?.fields.resolved).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Pulihkan' })).not.toBeInTheDocument());
    // Both writes are in the outbox, to reach every device.
    const tables = (await db.outbox.toArray()).map((r) => `${r.table}:${Object.keys(r.fields).join()}`);
    expect(tables).toEqual(expect.arrayContaining(['entries:nama', 'conflicts:resolved']));
  });
});
