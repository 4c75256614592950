import { shareOrDownload, type ShareEnv } from '$src/app/handover/share.ts';

function env(nav: ShareEnv['navigator']) {
  const url = { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() };
  const clicks: string[] = [];
  const doc = document;
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicks.push(this.download);
  });
  return { env: { navigator: nav, document: doc, url } satisfies ShareEnv, clicks, url, click };
}

const file = () => new File(['x'], 'lumbung-27-11-2026-1-entri.lumbung', { type: 'application/zip' });

describe('shareOrDownload', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shares the file where canShare({files}) says yes', async () => {
    const share = vi.fn(async () => {});
    const { env: e, clicks } = env({ canShare: () => true, share });
    expect(await shareOrDownload(file(), 'Lumbung', e)).toBe('shared');
    expect(share).toHaveBeenCalledWith({ files: [expect.any(File)], title: 'Lumbung' });
    expect(clicks).toEqual([]);
  });

  it('downloads where files cannot be shared or there is no Web Share', async () => {
    for (const nav of [{ canShare: () => false, share: vi.fn() }, {}]) {
      const { env: e, clicks, url } = env(nav);
      expect(await shareOrDownload(file(), 'Lumbung', e)).toBe('downloaded');
      expect(clicks).toEqual(['lumbung-27-11-2026-1-entri.lumbung']);
      expect(url.createObjectURL).toHaveBeenCalledOnce();
      vi.restoreAllMocks();
    }
  });

  it('a closed share sheet is a choice, not a download; another share failure falls back to download', async () => {
    const abort = Object.assign(new Error('closed'), { name: 'AbortError' });
    const cancelled = env({ canShare: () => true, share: vi.fn(async () => Promise.reject(abort)) });
    expect(await shareOrDownload(file(), 'Lumbung', cancelled.env)).toBe('cancelled');
    expect(cancelled.clicks).toEqual([]);
    vi.restoreAllMocks();
    const failed = env({
      canShare: () => true,
      share: vi.fn(async () => Promise.reject(new Error('NotAllowed'))),
    });
    expect(await shareOrDownload(file(), 'Lumbung', failed.env)).toBe('downloaded');
    expect(failed.clicks).toHaveLength(1);
  });
});
