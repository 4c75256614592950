/**
 * Starts the client sync engine on the app database with all its triggers: app start, `online`,
 * the page visible again, a few seconds after a local write, the "Sinkronkan sekarang" button
 * (`syncNow`), a SYNC_WAKEUP message from the service worker (Background Sync, where the browser
 * has it), and backoff retries. The server is the page's own origin.
 */
import { db } from '../db/db.ts';
import { observeConflictCount } from '../replica/conflict-index.ts';
import { observeOutbox } from '../replica/outbox-counts.ts';
import { getLastSyncAt } from '../replica/sync-state.ts';
import { flushAll } from '../state/flush.ts';
import { createSyncEngine } from './engine.ts';
import { refreshPickLists } from './lists-fetch.ts';
import { syncStatus } from './status.svelte.ts';
import { createTransport, SyncError } from './transport.ts';
import { getSession } from '../db/workshop.ts';
import { setSyncNowHandler } from './sync-now-registry.ts';
import { createScheduler, webLock, type Scheduler } from './triggers.ts';

export const SYNC_TAG = 'lumbung-sync';

let scheduler: Scheduler | null = null;

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/** Ask for a Background Sync wake-up (Chromium); elsewhere the `online` event does the job. */
function registerBackgroundSync(): void {
  const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!sw) return;
  sw.ready
    .then((reg) => (reg as ServiceWorkerRegistration & SyncRegistration).sync?.register(SYNC_TAG))
    .catch(() => {
      // Not allowed (permission, incognito): the other triggers still run.
    });
}

export function startSync(): void {
  if (scheduler) return;
  const transport = createTransport({ baseUrl: location.origin });
  const engine = createSyncEngine({
    db,
    transport,
    onPhotos: (p) => syncStatus.setPhotos(p),
    // A device that joined a workshop must not silently fall back to an unscoped open
    // registration when its token stops working (revoked, workshop reset): it asks to join again.
    register: async (id, secret) => {
      if (await getSession(db)) {
        throw new SyncError('join.required', 401, false);
      }
      return transport.register(id, undefined, secret);
    },
  });
  const s = createScheduler({
    engine,
    flush: flushAll,
    isOnline: () => navigator.onLine !== false,
    withLock: webLock(SYNC_TAG),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    onStart: () => syncStatus.roundStarted(),
    onEnd: (r) => {
      syncStatus.roundEnded(r, Date.now());
      // The lists the forms offer, kept for offline use (a 304 when unchanged).
      if (r.ok) void refreshPickLists({ db, baseUrl: location.origin });
    },
    onRetryableFailure: registerBackgroundSync,
  });
  scheduler = s;
  // The "Sinkronkan sekarang" buttons: a manual round tries even when the browser says offline.
  setSyncNowHandler(() => s.request('manual'));

  syncStatus.setOnline(navigator.onLine !== false);
  void getLastSyncAt(db).then((at) => syncStatus.setLastSyncAt(at));

  let lastPending = -1;
  observeConflictCount(db, (n) => syncStatus.setConflicts(n));
  observeOutbox(db, (c) => {
    syncStatus.setCounts(c);
    if (lastPending >= 0 && c.pending > lastPending) {
      s.noteWrite();
      registerBackgroundSync();
    }
    lastPending = c.pending;
  });

  addEventListener('online', () => {
    syncStatus.setOnline(true);
    void s.request('online');
  });
  addEventListener('offline', () => syncStatus.setOnline(false));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void s.request('visible');
  });
  navigator.serviceWorker?.addEventListener('message', (e: MessageEvent<unknown>) => {
    const data = e.data as { type?: unknown } | null;
    if (data?.type === 'SYNC_WAKEUP') void s.request('wakeup');
  });
  void s.request('start');
}

export { syncNow } from './sync-now-registry.ts';
