// "Siap diunggah ke IID" in the admin's screens (issue 20 item 2): the dashboard counts the
// innovations that are ready (profile complete, the five mandatory indicators with a level and
// evidence, the four uploads) within its filter, and links to the list filtered to them; the
// list's own "only ready" link filters the same way. Readiness follows the evidence records live:
// deleting one file takes the innovation out.
import { configure, fireEvent, render, screen } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import AdminScreen from '$src/app/screens/admin/AdminScreen.svelte';
import { IID_UPLOADS, levelField } from '$src/core/index.ts';
import { resetDb } from '../unit/app/helpers.ts';
import { GOLDEN_FIELDS, panjang } from '../unit/server/golden/fixtures.ts';

configure({ asyncUtilTimeout: 10_000 });

const WAJIB = ['regulasi', 'sdm', 'kecepatan', 'kemanfaatan', 'kualitas'];
const FILE_TARGETS = [
  'regulasi',
  'sdm',
  'kecepatan',
  'kemanfaatan',
  ...IID_UPLOADS.map((u) => `upload:${u}`),
];

/** A complete innovation with levels on the five wajib indicators; `withFiles` adds its evidence. */
async function innovation(id: string, nama: string, workshopId: string, withFiles: boolean) {
  await writeRecord(db, 'entries', id, {
    ...GOLDEN_FIELDS,
    rancangBangun: panjang(320),
    nama,
    workshopId,
    deleted: false,
    ...Object.fromEntries(WAJIB.map((k) => [levelField(k), 2])),
  });
  if (!withFiles) return;
  for (const [i, evidenceFor] of FILE_TARGETS.entries())
    await writeRecord(db, 'attachments', `${id}-ev${i}`, {
      entryId: id,
      evidenceFor,
      sha256: String(i).padStart(64, 'a'),
      mime: 'application/pdf',
      size: 1000,
      authorId: 'p1',
      createdAt: 1,
      deleted: false,
    });
}

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
  await writeRecord(db, 'workshops', 'w1', { nama: 'Lokakarya Satu', opdList: [] });
  await writeRecord(db, 'workshops', 'w2', { nama: 'Lokakarya Dua', opdList: [] });
  await innovation('siap', 'Sapa Mas Wali Siap', 'w1', true);
  await innovation('kurang', 'Sapa Mas Wali Kurang', 'w1', false);
  await innovation('lain', 'Sapa Mas Wali Lain', 'w2', true);
  // A photo (no evidenceFor) counts for nothing.
  await writeRecord(db, 'attachments', 'foto', {
    entryId: 'kurang',
    sha256: 'f'.repeat(64),
    mime: 'image/jpeg',
    size: 1000,
    authorId: 'p1',
    createdAt: 1,
    deleted: false,
  });
  await db.meta.put({ key: 'adminSession', value: { username: 'kantor', expiresAt: Date.now() + 3600_000 } });
});

describe('siap diunggah ke IID, for the admin', () => {
  it('the dashboard counts the ready innovations of its filter and links to them', async () => {
    render(AdminScreen, { view: 'dashboard', search: '', navigate: vi.fn() });
    const link = await screen.findByRole('link', { name: 'Siap diunggah ke IID: 2 dari 3' });
    expect(link).toHaveAttribute('href', '/admin/entri?siap=1');
    await fireEvent.change(screen.getByLabelText('Lokakarya'), { target: { value: 'w1' } });
    expect(await screen.findByRole('link', { name: 'Siap diunggah ke IID: 1 dari 2' })).toHaveAttribute(
      'href',
      '/admin/entri?ws=w1&siap=1',
    );
  });

  it('the list filtered to ready innovations, and readiness that follows the evidence records', async () => {
    render(AdminScreen, { view: 'entries', search: '?ws=w1&siap=1', navigate: vi.fn() });
    expect(await screen.findByText('1 inovasi')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sapa Mas Wali Siap' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Sapa Mas Wali Kurang' })).toBeNull();
    expect(screen.getByTestId('iid-ready-filter')).toHaveTextContent('Siap diunggah ke IID');
    await writeRecord(db, 'attachments', 'siap-ev0', { deleted: true });
    expect(await screen.findByText('0 inovasi')).toBeInTheDocument();
  });

  it('the unfiltered list offers the filter', async () => {
    render(AdminScreen, { view: 'entries', search: '?ws=w2', navigate: vi.fn() });
    expect(await screen.findByText('1 inovasi')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Hanya yang siap diunggah ke IID' })).toHaveAttribute(
      'href',
      '/admin/entri?ws=w2&siap=1',
    );
  });
});
