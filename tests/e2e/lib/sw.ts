/**
 * Service-worker helpers. `ready` can resolve while the worker is still activating: wait for
 * `activated`, then for the controller (the first install claims the page that installed it;
 * the reload is a fallback for a worker the browser stopped between install and activate).
 */
import type { Page } from 'playwright-core';

export async function waitForActivatedWorker(page: Page, timeoutMs = 30_000): Promise<void> {
  // Polled with evaluate (which awaits): waitForFunction would take the returned Promise itself
  // as a truthy answer.
  await pollPage(page, timeoutMs, 'an activated service worker', async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return reg?.active?.state === 'activated';
  });
}

/** Evaluates `fn(arg)` in the page every 100 ms until it returns true. */
export async function pollPage<A>(
  page: Page,
  timeoutMs: number,
  what: string,
  fn: (arg: A) => Promise<boolean> | boolean,
  arg?: A,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(fn as (arg: unknown) => Promise<boolean> | boolean, arg).catch(() => false))
      return;
    if (Date.now() > end) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForControlled(page: Page): Promise<void> {
  await waitForActivatedWorker(page);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 15_000,
    polling: 100,
  });
}

export function isControlled(page: Page): Promise<boolean> {
  return page.evaluate(() => navigator.serviceWorker.controller?.state === 'activated');
}

/** Ask the browser to check for a new service worker now (as it does on navigation and hourly). */
export async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await reg?.update();
  });
}
