/** The server app over a test store: the given clock, a silent log, and any other option. */
import { createApp, type AppOptions, type App } from '../../../../src/server/app.ts';
import type { Opened } from './stores.ts';

const QUIET = { info() {}, warn() {}, error() {} };

export function testApp(
  opened: Opened,
  clock: () => number,
  extra: Omit<Partial<AppOptions>, 'store' | 'blobs' | 'clock'> = {},
): App {
  return createApp({ store: opened.store, blobs: opened.blobs, clock, log: QUIET, ...extra });
}
