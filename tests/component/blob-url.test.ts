/**
 * A photo thumbnail and an evidence link show the bytes stored under their hash once those are
 * on the device (a pulled file's bytes may arrive after the screen opened), through one object
 * URL that is revoked when the component leaves the screen (db/blob-url.svelte.ts).
 */
import { configure, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import PhotoThumb from '$src/app/components/PhotoThumb.svelte';
import EvidenceLink from '$src/app/components/indicators/EvidenceLink.svelte';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const SHA = 'a'.repeat(64);
let made = 0;
let revoked: string[] = [];

beforeEach(async () => {
  await resetDb();
  made = 0;
  revoked = [];
  vi.stubGlobal(
    'URL',
    Object.assign(URL, {
      createObjectURL: vi.fn(() => `blob:made-${++made}`),
      revokeObjectURL: vi.fn((u: string) => void revoked.push(u)),
    }),
  );
});

const arrive = () =>
  db.blobs.put({
    sha256: SHA,
    blob: new Blob(['bytes'], { type: 'image/jpeg' }),
    mime: 'image/jpeg',
    size: 5,
    width: 1,
    height: 1,
    createdAt: 1,
    uploaded: 1,
  });

describe('bytes under a hash, as an object URL', () => {
  it('a thumbnail waits for bytes that arrive later, makes one URL and revokes it when it leaves', async () => {
    const { unmount } = render(PhotoThumb, { sha256: SHA, alt: 'Foto papan tulis' });
    expect(screen.queryByRole('img', { name: 'Foto papan tulis' })).not.toHaveAttribute('src');
    await arrive();
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Foto papan tulis' })).toHaveAttribute('src', 'blob:made-1'),
    );
    // The same bytes written again (a re-pull) make no second URL.
    await arrive();
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toBe(1);
    unmount();
    expect(revoked).toEqual(['blob:made-1']);
  });

  it('an evidence file is a plain name until its bytes are here, then a download link', async () => {
    render(EvidenceLink, { sha256: SHA, name: 'sk-bupati.pdf' });
    expect(screen.getByTestId('evidence-file').tagName).toBe('SPAN');
    await arrive();
    await waitFor(() => expect(screen.getByTestId('evidence-file')).toHaveAttribute('href', 'blob:made-1'));
    expect(screen.getByTestId('evidence-file')).toHaveAttribute('download', 'sk-bupati.pdf');
  });
});
