/** The admin API the screens use: the page's own origin by default; tests put a fake fetch in. */
import { createAdminApi, type AdminApi } from '../../sync/admin-api.ts';
import type { FetchLike } from '../../sync/transport.ts';

let current: AdminApi | null = null;

export function adminApi(): AdminApi {
  current ??= createAdminApi({ baseUrl: location.origin });
  return current;
}

/** Tests: route the admin screens' requests through `fetch` (null restores the default). */
export function setAdminFetch(fetch: FetchLike | null): void {
  current = fetch ? createAdminApi({ baseUrl: 'http://lumbung.test', fetch }) : null;
}
