/**
 * Chromium as TOOLING.md says: Debian's /usr/bin/chromium (no browser downloads here), no
 * sandbox as root, and no background traffic, so that every request a benchmark counts is its own.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { tempDir } from './paths.ts';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags for every Chromium the benchmarks start (Playwright adds --no-sandbox and --headless itself). */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The same flags in the form Lighthouse's --chrome-flags wants (it starts Chromium itself). */
export const LIGHTHOUSE_CHROME_FLAGS = ['--headless', '--no-sandbox', ...CHROMIUM_FLAGS].join(' ');

function keepTempInWorkspace(): void {
  // Chromium puts its temporary profile under TMPDIR; keep it inside the workspace.
  process.env.TMPDIR ??= tempDir('tmp');
}

export async function launchBrowser(): Promise<Browser> {
  keepTempInWorkspace();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/** A browser with its own on-disk profile: real IndexedDB on disk, as on a phone. */
export async function launchProfile(dir: string = tempDir('profile')): Promise<BrowserContext> {
  keepTempInWorkspace();
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    timeout: 60_000,
  });
}
