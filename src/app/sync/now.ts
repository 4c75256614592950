/**
 * "Sinkronkan sekarang" without importing the engine: the buttons (indicator, entry notices)
 * call `syncNow()`, and start.ts plugs the scheduler in once it has loaded. Keeps the engine and
 * the protocol's zod schemas out of the chunks of the screens that show these buttons.
 */
let handler: (() => Promise<void>) | null = null;

export function setSyncNowHandler(fn: (() => Promise<void>) | null): void {
  handler = fn;
}

/** Run a round now, even when the browser believes it is offline. No-op before sync started. */
export function syncNow(): Promise<void> {
  return handler ? handler() : Promise.resolve();
}
