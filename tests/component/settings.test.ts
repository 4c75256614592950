import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import SettingsScreen from '$src/app/screens/SettingsScreen.svelte';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

const MB = 1024 * 1024;

function stubStorage(usage: number, quota: number, persisted = false) {
  vi.stubGlobal('navigator', {
    ...navigator,
    storage: {
      estimate: async () => ({ usage, quota }),
      persisted: async () => persisted,
      persist: async () => true,
    },
  });
}

beforeEach(() => resetDb());
afterEach(() => {
  vi.unstubAllGlobals();
  i18n.setLang('id');
});

describe('Pengaturan', () => {
  it('shows space used and free in MB, and whether the data is protected', async () => {
    stubStorage(12.5 * MB, 2048 * MB, true);
    render(SettingsScreen);
    expect(await screen.findByTestId('storage-usage')).toHaveTextContent(
      'Terpakai 12.5 MB dari 2048.0 MB (sisa 2035.5 MB).',
    );
    expect(await screen.findByTestId('persist-state')).toHaveAttribute('data-state', 'granted');
    expect(screen.queryByText(/hampir habis/)).toBeNull();
  });

  it('warns when space runs low', async () => {
    stubStorage(990 * MB, 1024 * MB);
    render(SettingsScreen);
    expect(await screen.findByRole('alert')).toHaveTextContent(/Ruang penyimpanan hampir habis/);
  });

  it('switches the language of the UI and of the page', async () => {
    stubStorage(1 * MB, 1024 * MB);
    render(SettingsScreen);
    await fireEvent.click(screen.getByLabelText('English'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('button', { name: 'Download backup' })).toBeInTheDocument();
  });

  it('"Unduh cadangan" downloads lumbung-cadangan-YYYYMMDD.json', async () => {
    stubStorage(1 * MB, 1024 * MB);
    const created: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: (b: Blob) => (created.push(b), 'blob:backup'),
        revokeObjectURL: () => {},
      }),
    );
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    await db.meta.put({ key: 'x', value: 1 });
    render(SettingsScreen);
    await fireEvent.click(screen.getByRole('button', { name: 'Unduh cadangan' }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]).toMatch(/^lumbung-cadangan-\d{8}\.json$/);
    expect(created[0]?.type).toBe('application/json');
    expect(await screen.findByText(/Cadangan lumbung-cadangan-\d{8}\.json diunduh\./)).toBeInTheDocument();
    click.mockRestore();
  });
});
