import { createHandlerBoundToURL } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/** Every navigation (a reload, a deep link such as /entries/new) gets the precached shell, so the
 * app starts offline from any address. The API is never answered with HTML. */
export function registerShellNavigation(): void {
  registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));
}
