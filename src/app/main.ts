/**
 * Entry of the participant app: mount the shell, start the sync engine, and make sure pending
 * draft writes reach IndexedDB when the page is hidden or goes away (tab switch, close, update).
 */
import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './i18n/i18n.svelte.ts';
import { flushAll } from './state/flush.ts';

document.documentElement.lang = i18n.lang;

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
mount(App, { target });

// Loaded after the first paint: the engine and the protocol's zod schemas are not needed to
// show "Entri saya" (precached, so this works offline too).
void import('./sync/start.ts').then((m) => m.startSync());

// pagehide also fires where unload never does (iOS, bfcache); hidden covers app switching.
addEventListener('pagehide', () => void flushAll());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void flushAll();
});
