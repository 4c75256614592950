/**
 * The built PWA (dist/). Hashed files under /assets/ never change, so browsers keep them a year;
 * everything else (index.html, sw.js, the manifest, icons) must be revalidated, or a phone would
 * keep an old service worker. Paths that are not files fall back to index.html (deep links).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { ApiHttpError } from './errors.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export function cacheControlFor(path: string): string {
  return path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

/** A missing /assets/ file or a path with an extension is a real 404, not the app shell: an
 * HTML answer to a script request would break the page with a confusing MIME error. */
function looksLikeFile(path: string): boolean {
  return path.startsWith('/assets/') || /\.[A-Za-z0-9]{1,8}$/.test(path);
}

export function staticRoutes(dir: string) {
  const app = new Hono();
  // Set after the file answer is built (serveStatic's onFound runs too late to add headers).
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status < 400 && !c.res.headers.has('Cache-Control'))
      c.header('Cache-Control', cacheControlFor(c.req.path));
  });
  app.use('*', serveStatic({ root: dir, precompressed: true }));
  app.get('*', async (c) => {
    if (c.req.path.startsWith('/api/') || looksLikeFile(c.req.path))
      throw new ApiHttpError(404, 'api.not_found');
    let html: string;
    try {
      html = await readFile(join(dir, 'index.html'), 'utf8');
    } catch {
      throw new ApiHttpError(404, 'api.not_found');
    }
    return c.html(html, 200, { 'Cache-Control': REVALIDATE });
  });
  return app;
}
