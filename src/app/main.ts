/**
 * Entry of the participant app: mount the shell, start the sync engine, and make sure pending
 * draft writes reach IndexedDB when the page is hidden or goes away (tab switch, close, update).
 */
import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './i18n/i18n.svelte.ts';
import { flushAll } from './state/flush.ts';
import { setSyncStarter } from './sync/now.ts';

document.documentElement.lang = i18n.lang;

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
mount(App, { target });

// Loaded once the page has loaded and the browser is idle: the engine and the protocol's zod
// schemas are not needed to show "Entri saya" (precached, so this works offline too), and
// building them while the first screen renders would only delay it. A sync a moment later
// changes nothing for the person typing: every change waits safely in the outbox. A tap on
// "Sinkronkan sekarang" before then starts it at once (sync/now.ts).
let starting: Promise<void> | null = null;
function startSyncOnce(): Promise<void> {
  starting ??= import('./sync/start.ts').then((m) => m.startSync());
  return starting;
}
setSyncStarter(startSyncOnce);
function startSyncWhenIdle(): void {
  if ('requestIdleCallback' in window) requestIdleCallback(() => void startSyncOnce(), { timeout: 2000 });
  else setTimeout(() => void startSyncOnce(), 200);
}
if (document.readyState === 'complete') startSyncWhenIdle();
else addEventListener('load', startSyncWhenIdle, { once: true });

// pagehide also fires where unload never does (iOS, bfcache); hidden covers app switching.
addEventListener('pagehide', () => void flushAll());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void flushAll();
});
