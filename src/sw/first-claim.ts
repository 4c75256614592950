/**
 * The very first worker takes control of the pages already open (the one that installed it), so
 * the first session after joining is served offline without a reload. Only the first: an update
 * still waits for the user's consent (SKIP_WAITING) and is never claimed or activated by itself,
 * because an open form would then run new code against an old database.
 */
export function claimOnFirstInstall(sw: ServiceWorkerGlobalScope): void {
  let first = false;
  sw.addEventListener('install', () => {
    // No active worker yet: nothing ran this app from this origin before.
    first = sw.registration.active === null;
  });
  sw.addEventListener('activate', (event: ExtendableEvent) => {
    // If the browser stopped the worker between install and activate, `first` is lost and the
    // page is controlled from its next load, which is what not claiming does: never worse.
    if (first) event.waitUntil(sw.clients.claim());
  });
}
