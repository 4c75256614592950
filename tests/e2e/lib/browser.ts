/**
 * Debian's Chromium through playwright-core (no browser downloads here). The flags keep it off
 * the network it must not knock on (TOOLING.md). A persistent context is a browser with a
 * profile on disk: closing and reopening it is the "browser restarted" proof.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenOptions {
  width?: number;
  height?: number;
  offline?: boolean;
  /** More Chromium flags (--host-resolver-rules, --ignore-certificate-errors). */
  args?: string[];
  /** Another Chromium binary or wrapper (the hall test runs it in a network namespace). */
  executablePath?: string;
}

export async function openProfile(profileDir: string, opts: OpenOptions = {}): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: opts.executablePath ?? CHROMIUM,
    headless: true,
    args: [...FLAGS, ...(opts.args ?? [])],
    viewport: { width: opts.width ?? 412, height: opts.height ?? 860 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    serviceWorkers: 'allow',
    offline: opts.offline ?? false,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** The page a persistent context opened with, or a new one. */
export async function firstPage(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => console.log(`    [page error] ${err.message}`));
  return page;
}
