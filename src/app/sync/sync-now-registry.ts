/**
 * Where "Sinkronkan sekarang" finds its handler, so it works without importing the engine: the
 * buttons (indicator, entry notices) call `syncNow()`, and start.ts plugs the scheduler in once it has loaded. Keeps the engine and
 * the protocol's zod schemas out of the chunks of the screens that show these buttons.
 * The engine itself is loaded once the first screen is idle (main.ts); a tap before that loads
 * it at once through the starter main.ts registers, so the button never does nothing.
 */
let handler: (() => Promise<void>) | null = null;
let starter: (() => Promise<void>) | null = null;

export function setSyncNowHandler(fn: (() => Promise<void>) | null): void {
  handler = fn;
}

/** How to load and start the engine (main.ts); called by syncNow when it has not started yet. */
export function setSyncStarter(fn: (() => Promise<void>) | null): void {
  starter = fn;
}

/** Run a round now, even when the browser believes it is offline. */
export async function syncNow(): Promise<void> {
  if (!handler && starter) await starter();
  if (handler) await handler();
}
