/**
 * A minimal static server on loopback for benchmarks that need no API: the built app at / (with
 * the SPA fallback to index.html, as the real server does) and the bench pages at /__bench/, on
 * one origin, so a bench page writes into the very IndexedDB the app then reads.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { benchPageHtml } from './bundle.ts';
import { HOST } from './net.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

function inside(dir: string, path: string): string | null {
  const full = normalize(join(dir, path));
  return full.startsWith(dir) && existsSync(full) && statSync(full).isFile() ? full : null;
}

export function serveStatic(distDir: string, pagesDir: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/__bench/') && path.endsWith('.html')) {
      const name = path.slice('/__bench/'.length, -'.html'.length);
      res.writeHead(200, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-store' });
      res.end(benchPageHtml(`/__bench/${name}.js`));
      return;
    }
    // No API here: the app's sync sees "not found", as when the server is unreachable.
    if (path.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"api.not_found"}');
      return;
    }
    const file = path.startsWith('/__bench/')
      ? inside(pagesDir, path.slice('/__bench/'.length))
      : (inside(distDir, path) ?? (extname(path) === '' ? join(distDir, 'index.html') : null));
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer) => {
    server.listen(0, HOST, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolveServer({
        url: `http://${HOST}:${port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
