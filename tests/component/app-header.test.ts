/**
 * Issue 21: the header's menu fits the role — a participant writes, a facilitator has the room
 * first, an admin on a device that joined nothing sees no participant links — and before
 * joining the sync details say where entries are instead of "all changes sent".
 */
import { configure, fireEvent, render, screen, within } from '@testing-library/svelte';
import AppHeader from '$src/app/components/AppHeader.svelte';
import { adminFlag } from '$src/app/state/admin/flag.svelte.ts';
import { session } from '$src/app/state/session.svelte.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const workshop = {
  table: 'workshops' as const,
  id: 'ws-h',
  fields: { nama: 'Lokakarya' },
  stamps: { nama: '000001700000000-00000-srv' },
  bases: { nama: null },
};

beforeEach(async () => {
  await resetDb();
  adminFlag.set(false);
  await session.ready(true);
});
afterEach(() => adminFlag.set(false));

function menu(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Menu utama' });
  return within(nav)
    .getAllByRole('link')
    .map((a) => {
      // The name a screen reader reads: without the parts hidden from it (the ⚙ icon).
      const copy = a.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[aria-hidden="true"]').forEach((el) => el.remove());
      return copy.textContent?.trim() ?? '';
    });
}

describe('the menu fits the role', () => {
  it('participant: Entri saya, Entri baru, settings', async () => {
    await session.joined(
      { token: 't', role: 'participant', personId: 'p1', workshop },
      'Ani',
      'Dinas Sosial',
    );
    render(AppHeader, { props: { current: 'entries' } });
    expect(menu()).toEqual(['Entri saya', 'Entri baru', 'Pengaturan']);
  });

  it('facilitator: the room first, no "Entri baru" or "Gabung lokakarya"', async () => {
    await session.joined(
      { token: 't', role: 'facilitator', personId: 'f1', participantCode: 'PSRT', workshop },
      'Bu Rina',
      '',
    );
    render(AppHeader, { props: { current: 'facilitator' } });
    expect(menu()).toEqual(['Fasilitator', 'Entri saya', 'Pengaturan']);
  });

  it('admin on a device that joined nothing: Admin and settings only', () => {
    adminFlag.set(true);
    render(AppHeader, { props: { current: 'admin' } });
    expect(menu()).toEqual(['Admin', 'Pengaturan']);
  });

  it('before joining: the chip says entries stay on the device, with no "Sinkronkan sekarang"', async () => {
    render(AppHeader, { props: { current: 'entries' } });
    expect(menu()).toEqual(['Entri saya', 'Entri baru', 'Gabung lokakarya', 'Pengaturan']);
    const chip = screen.getByTestId('sync-chip');
    expect(chip).toHaveTextContent('Di perangkat');
    await fireEvent.click(chip);
    expect(screen.getByText(/Belum bergabung dengan lokakarya/)).toBeInTheDocument();
    expect(screen.queryByText('Semua perubahan sudah terkirim')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sinkronkan sekarang' })).not.toBeInTheDocument();
  });
});
