import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import HandoverPanel from '$src/app/components/HandoverPanel.svelte';
import type { LumbungDb } from '$src/app/db/db.ts';
import { exportHandover } from '$src/app/handover/export.ts';
import { MESSAGES } from '$src/core/messages.ts';
import { dump, freshDb, seedEntries, useStorableBlob } from '../unit/app/handover/fixtures.ts';

useStorableBlob();

let src: LumbungDb;
let dst: LumbungDb;
beforeEach(async () => {
  src = freshDb('panel-src');
  dst = freshDb('panel-dst');
  await Promise.all([src.open(), dst.open()]);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  useStorableBlob();
  await Promise.all([src.delete(), dst.delete()]);
});

function pick(file: File): void {
  const input = screen.getByTestId('handover-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  void fireEvent.change(input);
}

describe('HandoverPanel', () => {
  it('previews the counts and entry names, and applies only on "Terapkan"', async () => {
    await seedEntries(src, ['SIDOTI', 'JAGO SILO']);
    const { bytes } = await exportHandover(src, { all: true });
    const onimported = vi.fn();
    render(HandoverPanel, { props: { db: dst, onimported } });

    pick(new File([bytes as Uint8Array<ArrayBuffer>], 'serah.lumbung'));
    const preview = await screen.findByTestId('handover-preview', {}, { timeout: 5000 });
    expect(screen.getByTestId('count-new')).toHaveTextContent('Entri baru: 2');
    expect(screen.getByTestId('count-changed')).toHaveTextContent('Entri yang diperbarui: 0');
    expect(screen.getByTestId('count-photos')).toHaveTextContent('Foto baru: 2');
    expect(preview).toHaveTextContent('SIDOTI');
    expect(preview).toHaveTextContent('JAGO SILO');
    expect(await dst.entries.count()).toBe(0);

    await fireEvent.click(screen.getByRole('button', { name: 'Terapkan' }));
    expect(await screen.findByTestId('handover-applied')).toHaveTextContent(
      'Impor selesai: 8 ditambahkan, 0 diperbarui',
    );
    expect(await dst.entries.count()).toBe(2);
    expect(onimported).toHaveBeenCalledWith(expect.objectContaining({ added: 8 }));
  });

  it('says there is nothing to apply when the file is already on the device', async () => {
    await seedEntries(src, ['SIDOTI']);
    const { bytes } = await exportHandover(src, { all: true });
    render(HandoverPanel, { props: { db: src } });
    pick(new File([bytes as Uint8Array<ArrayBuffer>], 'serah.lumbung'));
    await screen.findByTestId('handover-preview', {}, { timeout: 5000 });
    expect(screen.getByTestId('count-unchanged')).toHaveTextContent('tidak berubah: 1');
    expect(screen.getByText('Semua isi berkas ini sudah ada', { exact: false })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Terapkan' })).toBeNull();
  });

  it('refuses a bad file with the Indonesian message and changes nothing', async () => {
    await seedEntries(dst, ['SIDOTI']);
    const before = await dump(dst);
    render(HandoverPanel, { props: { db: dst } });
    pick(new File(['bukan berkas lumbung'], 'foto.lumbung'));
    const alert = await screen.findByTestId('handover-import-error', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('Berkas ditolak');
    expect(alert).toHaveTextContent(MESSAGES['handover.damaged'].id);
    expect(screen.queryByTestId('handover-preview')).toBeNull();
    expect(await dump(dst)).toEqual(before);
  });

  it('exports the selected entries and offers "Bagikan" where files can be shared', async () => {
    const [first] = await seedEntries(src, ['SIDOTI', 'JAGO SILO']);
    const share = vi.fn(async (_data: ShareData) => {});
    vi.stubGlobal('navigator', {
      ...navigator,
      canShare: (d: ShareData) => (d.files?.length ?? 0) > 0,
      share,
    });
    render(HandoverPanel, { props: { db: src, selectedIds: [first!] } });
    await fireEvent.click(screen.getByLabelText('Entri terpilih (1)'));
    await fireEvent.click(screen.getByRole('button', { name: 'Ekspor ke berkas' }));
    expect(await screen.findByTestId('handover-exported', {}, { timeout: 5000 })).toHaveTextContent(
      '1 entri, 1 foto',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Bagikan' }));
    await waitFor(() => expect(share).toHaveBeenCalledOnce());
    const file = share.mock.calls[0]![0].files![0]!;
    expect(file.name).toMatch(/-1-entri\.lumbung$/);
    expect(await screen.findByText('Berkas sudah dibagikan.')).toBeInTheDocument();
  });

  it('offers only a download where files cannot be shared, and explains an empty export', async () => {
    render(HandoverPanel, { props: { db: src } });
    expect(screen.queryByRole('button', { name: 'Bagikan' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Ekspor ke berkas' }));
    expect(await screen.findByTestId('handover-export-error')).toHaveTextContent(
      MESSAGES['handover.nothing_to_export'].id,
    );
  });
});
