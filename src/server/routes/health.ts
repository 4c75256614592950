import { Hono } from 'hono';
import type { ServerDeps } from '../deps.ts';

export function healthRoutes(deps: ServerDeps) {
  return new Hono().get('/', (c) =>
    c.json({ ok: true, version: deps.version, db: deps.store.engine, now: deps.clock() }, 200, {
      'Cache-Control': 'no-store',
    }),
  );
}
