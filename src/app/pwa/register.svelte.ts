/**
 * Service-worker registration and the prompt-for-update flow, as a small runes state class.
 * A new version never takes over by itself: `update()` first flushes pending draft saves to
 * IndexedDB, then asks the waiting worker to activate, and reloads once it controls the page.
 * Registration happens only in production builds (the worker is not built in dev or vitest).
 */
import type { Workbox } from 'workbox-window';
import { flushAll } from '../state/flush.ts';
import { APP_VERSION } from './version.ts';

const SW_URL = '/sw.js';
/** How often an open tab asks the server for a new version (also on becoming visible again):
 * a kiosk stays visible all day, so the hour it was became 15 minutes (a revalidated sw.js). */
const UPDATE_CHECK_MS = 15 * 60 * 1000;
/** How long "Siap dipakai offline" stays (it also has "Tutup"). */
export const OFFLINE_READY_MS = 8000;

export class PwaState {
  #offlineReady = $state(false);
  #needRefresh = $state(false);
  #updating = $state(false);
  #wb: Workbox | undefined;
  #started = false;

  get offlineReady(): boolean {
    return this.#offlineReady;
  }
  get needRefresh(): boolean {
    return this.#needRefresh;
  }
  get updating(): boolean {
    return this.#updating;
  }

  dismissOfflineReady(): void {
    this.#offlineReady = false;
  }

  /** "Nanti": the card goes; the new version waits, and the next check or reload offers it again. */
  dismissUpdate(): void {
    this.#needRefresh = false;
  }

  /** Registers /sw.js once per page. Safe to call from every mount. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (typeof document !== 'undefined') document.documentElement.dataset.appVersion = APP_VERSION;
    if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;

    // Loaded lazily: the first screen does not wait for the registration code.
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox(SW_URL);
    this.#wb = wb;
    wb.addEventListener('installed', (e) => {
      // The very first install: the shell is now cached and the app works offline.
      // A success notice: it goes by itself, so it never stays over a button.
      if (!e.isUpdate) {
        this.#offlineReady = true;
        setTimeout(() => this.dismissOfflineReady(), OFFLINE_READY_MS);
      }
    });
    // A new version is installed and waits for the user's consent (also one found by another tab).
    wb.addEventListener('waiting', () => {
      this.#needRefresh = true;
    });
    await wb.register();
    const check = () => void wb.update().catch(() => undefined);
    setInterval(check, UPDATE_CHECK_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  }

  /** The user accepted the new version: save what is typed, then switch and reload. */
  async update(): Promise<void> {
    const wb = this.#wb;
    if (!wb || this.#updating) return;
    this.#updating = true;
    await flushAll();
    wb.addEventListener('controlling', () => window.location.reload());
    wb.messageSkipWaiting();
  }
}

export const pwa = new PwaState();
