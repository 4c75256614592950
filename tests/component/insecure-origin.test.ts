/** The notice on an insecure origin: shown where there is no secure context or no service worker. */
import { render, screen } from '@testing-library/svelte';
import InsecureOriginNotice from '$src/app/pwa/InsecureOriginNotice.svelte';

describe('InsecureOriginNotice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says in Indonesian that offline mode is missing and what to do', () => {
    vi.stubGlobal('isSecureContext', false);
    render(InsecureOriginNotice);
    const notice = screen.getByTestId('insecure-origin');
    expect(notice.textContent).toMatch(/mode offline tidak tersedia/);
    expect(notice.textContent).toMatch(/https:\/\//);
    expect(notice.textContent).toMatch(/tetap tersimpan/);
  });

  it('is absent on a secure origin with a service worker', () => {
    vi.stubGlobal('isSecureContext', true);
    Object.defineProperty(navigator, 'serviceWorker', { value: {}, configurable: true });
    try {
      render(InsecureOriginNotice);
      expect(screen.queryByTestId('insecure-origin')).toBeNull();
    } finally {
      delete (navigator as { serviceWorker?: unknown }).serviceWorker;
    }
  });
});
