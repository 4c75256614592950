import { db } from '$src/app/db/db.ts';
import { persistState, requestPersistOnce, spaceInfo } from '$src/app/db/storage.ts';
import { resetDb } from '../helpers.ts';

beforeEach(() => resetDb());
afterEach(() => vi.unstubAllGlobals());

describe('storage health', () => {
  it('asks for persistent storage once and remembers the answer', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persist, persisted: async () => false } });
    expect(await requestPersistOnce(db)).toBe('granted');
    expect(await requestPersistOnce(db)).toBe('granted');
    expect(persist).toHaveBeenCalledTimes(1);
  });

  it('says "unsupported" where the browser has no StorageManager, and reports the remembered state', async () => {
    vi.stubGlobal('navigator', {});
    expect(await requestPersistOnce(db)).toBe('unsupported');
    expect(await persistState(db)).toBe('unsupported');
  });

  it('warns when less than 50 MB or less than 10 % is free', () => {
    const MB = 1024 * 1024;
    expect(spaceInfo(100 * MB, 10_000 * MB).low).toBe(false);
    expect(spaceInfo(9_960 * MB, 10_000 * MB).low).toBe(true);
    expect(spaceInfo(300 * MB, 320 * MB).low).toBe(true);
    expect(spaceInfo(850 * MB, 1000 * MB).low).toBe(false);
    expect(spaceInfo(950 * MB, 1000 * MB).free).toBe(50 * MB);
  });
});
