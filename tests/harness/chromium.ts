/**
 * The one Chromium launcher of the tests and the benchmarks: Debian's /usr/bin/chromium (or
 * CHROMIUM_PATH) through playwright-core, never a downloaded browser, always with the flags of
 * TOOLING.md (chromium-path.mjs). Callers add what their kind of run needs: the end-to-end tests
 * a phone's viewport and locale (tests/e2e/lib/browser.ts), the benchmarks nothing.
 */
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from './chromium-path.mjs';

/** The binary every launch uses. When none is found the default path stays, so that the
 * launch fails saying which file it looked for. */
export const CHROMIUM: string = findChromium() ?? '/usr/bin/chromium';
export const FLAGS: readonly string[] = CHROMIUM_FLAGS;

/** The same flags in the form Lighthouse's --chrome-flags wants (it starts Chromium itself). */
export const LIGHTHOUSE_CHROME_FLAGS = ['--headless', ...FLAGS].join(' ');

type ProfileOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

function keepTempInWorkspace(): void {
  // Chromium and Playwright put temporary files under TMPDIR: inside the workspace, not /tmp.
  process.env.TMPDIR ??= join(import.meta.dirname, '..', '..', '.tmp');
}

/** A browser with a fresh in-memory profile; `args` are added to the shared flags. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  keepTempInWorkspace();
  return chromium.launch({
    headless: true,
    ...opts,
    executablePath: opts.executablePath ?? CHROMIUM,
    args: [...FLAGS, ...(opts.args ?? [])],
  });
}

/**
 * A browser with its own profile on disk in `dir`: real IndexedDB on disk, as on a phone, and
 * closing and reopening it is a browser restart. `args` are added to the shared flags;
 * `executablePath` may name a wrapper (the hall test runs Chromium in a network namespace).
 */
export async function launchProfile(dir: string, opts: ProfileOptions = {}): Promise<BrowserContext> {
  keepTempInWorkspace();
  return chromium.launchPersistentContext(dir, {
    headless: true,
    ...opts,
    executablePath: opts.executablePath ?? CHROMIUM,
    args: [...FLAGS, ...(opts.args ?? [])],
  });
}
