import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';

/** Photos are content-addressed (the URL is their SHA-256), so a cached copy is never stale:
 * cache first, with a cap so a facilitator browsing many entries does not fill the disk. */
export function registerBlobCache(): void {
  registerRoute(
    ({ url, request, sameOrigin }) =>
      sameOrigin && request.method === 'GET' && url.pathname.startsWith('/api/v1/blobs/'),
    new CacheFirst({
      cacheName: 'lumbung-blobs',
      plugins: [
        new CacheableResponsePlugin({ statuses: [200] }),
        new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 60 * 60 * 24 * 60, purgeOnQuotaError: true }),
      ],
    }),
  );
}
