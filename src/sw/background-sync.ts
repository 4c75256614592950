/** Background Sync (Chromium only) is an extra wake-up, not the sync mechanism: the worker just
 * tells open pages to run the client engine, which owns the outbox and its retries. */
export const SYNC_TAG = 'lumbung-sync';

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

export function listenForBackgroundSync(sw: ServiceWorkerGlobalScope): void {
  sw.addEventListener('sync' as keyof ServiceWorkerGlobalScopeEventMap, (event) => {
    const e = event as SyncEvent;
    if (e.tag !== SYNC_TAG) return;
    e.waitUntil(
      sw.clients.matchAll({ type: 'window', includeUncontrolled: false }).then((clients) => {
        for (const c of clients) c.postMessage({ type: 'SYNC_WAKEUP' });
      }),
    );
  });
}
