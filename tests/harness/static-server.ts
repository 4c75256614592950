/**
 * A static server for the built app, for the browser tests and benchmarks that need no API
 * (/api/ answers 404, as when the sync server is unreachable): SPA fallback to index.html,
 * `no-cache` on everything but hashed /assets/ (like the real server), a root that can be
 * switched (the update test serves version A, then B), and stop/start on the same port (the "no
 * network at all" proof stops it; the origin, and so the browser's storage, stays).
 * A benchmark mounts its pages beside the app (`mount`, one origin, so a bench page writes into
 * the very IndexedDB the app then reads) and asks for `no-store` on everything, so that every
 * load it times comes from the server.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

export interface StaticOptions {
  /** 'server' (default): the real server's cache headers; 'none': `no-store` on every answer. */
  cache?: 'server' | 'none';
  /** Another folder served under a path prefix ending in "/", e.g. a benchmark's pages. */
  mount?: {
    prefix: string;
    dir: string;
    /** An HTML page made on request for `<prefix><name>.html` (the file need not exist). */
    page?: (name: string) => string;
  };
}

export class StaticServer {
  root: string;
  port = 0;
  /** Paths requested so far (a test can prove the browser stayed off the network). */
  readonly requests: string[] = [];
  #server: Server | undefined;
  readonly #opts: StaticOptions;

  constructor(root: string, opts: StaticOptions = {}) {
    this.root = root;
    this.#opts = opts;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.#handle(req.url ?? '/', res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(rawUrl: string, res: import('node:http').ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
    this.requests.push(path);
    if (path.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"api.not_found"}');
      return;
    }
    const noStore = this.#opts.cache === 'none';
    const mount = this.#opts.mount;
    let root = this.root;
    let rest = path;
    if (mount && path.startsWith(mount.prefix)) {
      rest = path.slice(mount.prefix.length - 1);
      if (mount.page && rest.endsWith('.html')) {
        const html = mount.page(rest.slice(1, -'.html'.length));
        res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' }).end(html);
        return;
      }
      root = mount.dir;
    }
    const file = normalize(join(root, rest));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(400).end();
      return;
    }
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    const looksLikeFile =
      root !== this.root || path.startsWith('/assets/') || /\.[A-Za-z0-9]{1,12}$/.test(path);
    if (!isFile && looksLikeFile) {
      res.writeHead(404).end();
      return;
    }
    const target = isFile ? file : join(this.root, 'index.html');
    const body = await readFile(target);
    const cache = noStore
      ? 'no-store'
      : path.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'cache-control': cache,
    });
    res.end(body);
  }
}
