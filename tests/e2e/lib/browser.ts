/**
 * The browser tests' Chromium: the shared launcher (tests/harness/chromium.ts: Debian's
 * Chromium, the flags of TOOLING.md) with a phone's viewport, Indonesian locale and Jakarta's
 * time zone. A persistent context is a browser with a profile on disk: closing and reopening it
 * is the "browser restarted" proof.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchProfile } from '../../harness/chromium.ts';

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
  const context = await launchProfile(profileDir, {
    ...(opts.executablePath ? { executablePath: opts.executablePath } : {}),
    args: opts.args ?? [],
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
