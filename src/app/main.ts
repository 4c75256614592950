/**
 * Entry of the participant app: mount the shell, start the sync engine, and make sure pending
 * draft writes reach IndexedDB when the page is hidden or goes away (tab switch, close, update).
 */
import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './i18n/i18n.svelte.ts';
import { flushAll } from './state/flush.ts';
import { setSyncStarter } from './sync/sync-now-registry.ts';
import { journalWaiting } from './db/draft-journal-key.ts';
import { loadDb } from './state/replica-load.ts';

document.documentElement.lang = i18n.lang;

// Drafts typed just before a reload or crash wait in a synchronous journal (db/draft-journal.ts):
// merged into IndexedDB at start, so "Entri saya" lists them too; loaded only when any wait.
if (journalWaiting())
  void Promise.all([import('./db/draft-journal.ts'), loadDb()])
    .then(([m, db]) => m.replayJournal(db))
    .catch(() => 0);
// The database is not part of the shell (state/replica-load.ts): index.html preloads it, and it
// opens now, beside the shell's first render, not when the list first asks for it.
void loadDb().catch(() => 0);

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
// The app is built in a task of its own, after the one that evaluated the modules: two shorter
// tasks instead of one long one, so a phone's main thread answers a tap in between.
setTimeout(() => {
  // index.html's boot shell (painted before any script arrived) gives its place to the app.
  target.replaceChildren();
  mount(App, { target });
}, 0);

// The sync engine (and the protocol's zod schemas) is not needed to show "Entri saya"
// (precached, so this works offline too): it loads once the page has loaded and the browser is
// idle, and only when the device has something to do with the server (db/sync-needed.ts): a
// token, a past sync or a change waiting. A fresh device starts it with its first save or
// join. A tap on "Sinkronkan sekarang" before then starts it at once (sync/sync-now-registry.ts).
let starting: Promise<void> | null = null;
function startSyncOnce(): Promise<void> {
  starting ??= import('./sync/start.ts').then((m) => m.startSync());
  return starting;
}
setSyncStarter(startSyncOnce);
function whenIdle(run: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
function afterLoad(run: () => void): void {
  if (document.readyState === 'complete') run();
  else addEventListener('load', run, { once: true });
}
afterLoad(() =>
  whenIdle(() => {
    void Promise.all([import('./db/sync-needed.ts'), loadDb()])
      .then(([m, db]) => m.whenSyncWork(db, () => void startSyncOnce()))
      .catch(() => 0);
  }),
);

// pagehide also fires where unload never does (iOS, bfcache); hidden covers app switching.
addEventListener('pagehide', () => void flushAll());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void flushAll();
});
// A frozen page (Chromium's Page Lifecycle: a background tab, a phone saving power) may be
// discarded without another event; the draft journal has every keystroke already.
document.addEventListener('freeze', () => void flushAll());
