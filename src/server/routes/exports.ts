/**
 * GET /exports/...: mount point for issue 5's exports (src/server/export/ writes the CSV/XLSX
 * streams). Routes added here must sit behind an admin-only guard (issue 4/5 auth), never
 * behind requireDevice alone: a participant's token must not open an export.
 */
import { Hono } from 'hono';
import type { ServerDeps } from '../deps.ts';

export function exportRoutes(_deps: ServerDeps) {
  // Empty until the admin guard and src/server/export/ land; unknown paths answer 404 api.not_found.
  return new Hono();
}
