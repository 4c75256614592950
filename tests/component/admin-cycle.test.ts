// The office's IID cycle on an entry page (issue 20 item 4, first part): the reporting year and
// "sudah diunggah ke IID" with its date, refused with a translated message when wrong (nothing
// written), else written through writeRecord (record and outbox together).
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import IidCycle from '$src/app/components/admin/IidCycle.svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
});

const CREATED = Date.UTC(2025, 5, 1); // 2025 in Jakarta

describe('IID cycle on the entry page', () => {
  it('shows the default year, refuses a bad date, then writes the year and the upload date', async () => {
    await writeRecord(db, 'entries', 'e1', { nama: 'Si Pintar', createdAt: CREATED });
    await db.outbox.clear();
    const fields = (await db.entries.get('e1'))!.fields;
    render(IidCycle, { db, entryId: 'e1', fields });
    expect(screen.getByTestId('cycle-status')).toHaveTextContent(
      'Tahun laporan 2025 · belum diunggah ke IID',
    );
    expect(screen.getByText('Kosongkan untuk memakai tahun entri dibuat (2025).')).toBeInTheDocument();

    await fireEvent.input(screen.getByLabelText('Tahun laporan'), { target: { value: '2026' } });
    await fireEvent.click(screen.getByLabelText('Sudah diunggah ke IID'));
    const date = screen.getByLabelText('Tanggal diunggah (hh/bb/tttt)');
    await fireEvent.input(date, { target: { value: '31/02/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan siklus IID' }));
    expect(await screen.findByText(i18n.error('field.invalid_date'))).toBeInTheDocument();
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(await db.outbox.count()).toBe(0);
    expect((await db.entries.get('e1'))?.fields.tahunLaporan).toBeUndefined();

    await fireEvent.input(date, { target: { value: '17/03/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan siklus IID' }));
    await waitFor(async () => expect((await db.entries.get('e1'))?.fields.iidDiunggah).toBe('2026-03-17'));
    expect((await db.entries.get('e1'))?.fields.tahunLaporan).toBe(2026);
    const out = await db.outbox.toArray();
    expect(out).toHaveLength(1);
    // The upload is pinned to the year it is for: after a carry it no longer counts.
    expect(out[0]!.fields).toEqual({ tahunLaporan: 2026, iidDiunggah: '2026-03-17', iidTahun: 2026 });
    expect(await screen.findByRole('status')).toHaveTextContent('Tersimpan di perangkat ini');
  });

  it('an uploaded entry shows its date and can be unmarked', async () => {
    await writeRecord(db, 'entries', 'e2', { nama: 'Lapor', createdAt: CREATED, iidDiunggah: '2026-03-17' });
    await db.outbox.clear();
    render(IidCycle, { db, entryId: 'e2', fields: (await db.entries.get('e2'))!.fields });
    expect(screen.getByTestId('cycle-status')).toHaveTextContent('diunggah ke IID pada 17/03/2026');
    const box = screen.getByLabelText('Sudah diunggah ke IID');
    expect(box).toBeChecked();
    await fireEvent.click(box);
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan siklus IID' }));
    await waitFor(async () => expect((await db.entries.get('e2'))?.fields.iidDiunggah).toBeNull());
    expect((await db.outbox.toArray()).map((o) => o.fields)).toEqual([{ iidDiunggah: null }]);
  });
});
