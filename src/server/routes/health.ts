import { Hono } from 'hono';
import type { ServerDeps } from '../deps.ts';

export function healthRoutes(deps: Pick<ServerDeps, 'database' | 'version' | 'clock'>) {
  return new Hono().get('/', (c) =>
    c.json({ ok: true, version: deps.version, db: deps.database.engine, now: deps.clock() }, 200, {
      'Cache-Control': 'no-store',
    }),
  );
}
