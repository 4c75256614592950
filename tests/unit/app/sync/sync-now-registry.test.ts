/**
 * "Sinkronkan sekarang" tapped before the engine has loaded (it loads once the first screen is
 * idle) loads and starts it, then runs the round: the button never does nothing.
 */
import { setSyncNowHandler, setSyncStarter, syncNow } from '$src/app/sync/sync-now-registry.ts';

afterEach(() => {
  setSyncNowHandler(null);
  setSyncStarter(null);
});

describe('syncNow', () => {
  it('before the engine started: starts it, then runs a round', async () => {
    const calls: string[] = [];
    setSyncStarter(async () => {
      calls.push('start');
      setSyncNowHandler(async () => {
        calls.push('round');
      });
    });
    await syncNow();
    expect(calls).toEqual(['start', 'round']);
  });

  it('once started: runs a round without starting again', async () => {
    const calls: string[] = [];
    setSyncStarter(async () => {
      calls.push('start');
    });
    setSyncNowHandler(async () => {
      calls.push('round');
    });
    await syncNow();
    await syncNow();
    expect(calls).toEqual(['round', 'round']);
  });
});
