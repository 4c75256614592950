/** Messages from pages. Only the update prompt's SKIP_WAITING is understood: the user accepted
 * the new version after the page flushed its drafts. Nothing else activates a waiting worker. */
export function listenForMessages(sw: ServiceWorkerGlobalScope): void {
  sw.addEventListener('message', (event: ExtendableMessageEvent) => {
    const data: unknown = event.data;
    if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
      void sw.skipWaiting();
    }
  });
}
