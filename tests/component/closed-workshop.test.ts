// A participant whose workshop the central office closed sees it said up front (the workshop
// record arrives by sync); reopening hides the notice again, without a reload.
import { configure, render, screen, waitFor } from '@testing-library/svelte';
import ClosedWorkshopNotice from '$src/app/components/ClosedWorkshopNotice.svelte';
import { db } from '$src/app/db/db.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const W = 'ws-closed';

function workshop(closed: boolean) {
  return {
    table: 'workshops' as const,
    id: W,
    fields: { nama: 'Lokakarya Tutup', closed },
    stamps: {},
    bases: {},
    updatedAt: Date.now(),
  };
}

beforeEach(() => resetDb());

describe('ClosedWorkshopNotice', () => {
  it('appears when a sync brings closed: true, and goes when the workshop is reopened', async () => {
    await db.workshops.put(workshop(false));
    render(ClosedWorkshopNotice, { workshopId: W });
    // Open workshop: nothing shown (give the live query time to answer first).
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByTestId('workshop-closed')).toBeNull();

    await db.workshops.put(workshop(true));
    await waitFor(() =>
      expect(screen.getByTestId('workshop-closed')).toHaveTextContent(
        'Lokakarya ini sudah ditutup, jadi perubahan baru tidak diterima server',
      ),
    );

    await db.workshops.put(workshop(false));
    await waitFor(() => expect(screen.queryByTestId('workshop-closed')).toBeNull());
  });
});
