/** The server app over a test store: the given clock, a silent log, and any other option. */
import { createApp, type AppOptions, type App } from '$src/server/app.ts';
import { afterEach, beforeEach } from 'vitest';
import { adminDevice } from './roles.ts';
import { openStore, type Opened } from './stores.ts';

const QUIET = { info() {}, warn() {}, error() {} };

export function testApp(
  opened: Opened,
  clock: () => number,
  extra: Omit<Partial<AppOptions>, 'store' | 'blobs' | 'clock'> = {},
): App {
  // Open registration on: the sync suites register devices without a workshop (client.ts).
  return createApp({
    store: opened.store,
    blobs: opened.blobs,
    clock,
    log: QUIET,
    openRegistration: true,
    ...extra,
  });
}

/**
 * For a describe block: before each test a fresh SQLite store, the app on it at time `now`, and
 * an admin device (it may read and write everything); the store is closed after each test.
 */
export function useAdminApp(now: number): {
  readonly opened: Opened;
  readonly app: App;
  readonly dev: { deviceId: string; token: string };
} {
  let current: { opened: Opened; app: App; dev: { deviceId: string; token: string } } | null = null;
  beforeEach(async () => {
    const opened = await openStore('sqlite');
    current = { opened, app: testApp(opened, () => now), dev: await adminDevice(opened.store, now) };
  });
  afterEach(async () => {
    await current?.opened.dispose();
    current = null;
  });
  const get = () => {
    if (!current) throw new Error('useAdminApp: only inside a test');
    return current;
  };
  return {
    get opened() {
      return get().opened;
    },
    get app() {
      return get().app;
    },
    get dev() {
      return get().dev;
    },
  };
}
