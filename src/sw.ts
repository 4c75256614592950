/// <reference lib="webworker" />
/**
 * The service worker: precache the app shell, answer every navigation with it (deep links work
 * offline), keep fetched photos, and wake the sync engine. The first install controls the page
 * that installed it at once; a new version never takes over on its own: it waits until the user
 * accepts the update prompt (SKIP_WAITING), because an old tab would otherwise run new code
 * against an old database.
 */
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerShellNavigation } from './sw/navigation.ts';
import { registerBlobCache } from './sw/blobs.ts';
import { listenForMessages } from './sw/messages.ts';
import { listenForBackgroundSync } from './sw/background-sync.ts';
import { claimOnFirstInstall } from './sw/first-claim.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerShellNavigation();
registerBlobCache();
listenForMessages(self);
listenForBackgroundSync(self);
claimOnFirstInstall(self);
