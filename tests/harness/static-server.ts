/**
 * A static server for the built app, for the capture-app tests that need no API: SPA fallback to
 * index.html, `no-cache` on everything but hashed /assets/ (like the real server), a root that
 * can be switched (the update test serves version A, then B), and stop/start on the same port
 * (the "no network at all" proof stops it; the origin, and so the browser's storage, stays).
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

export class StaticServer {
  root: string;
  port = 0;
  /** Paths requested so far (a test can prove the browser stayed off the network). */
  readonly requests: string[] = [];
  #server: Server | undefined;

  constructor(root: string) {
    this.root = root;
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
    const file = normalize(join(this.root, path));
    if (!file.startsWith(normalize(this.root))) {
      res.writeHead(400).end();
      return;
    }
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    const looksLikeFile = path.startsWith('/assets/') || /\.[A-Za-z0-9]{1,12}$/.test(path);
    if (!isFile && looksLikeFile) {
      res.writeHead(404).end();
      return;
    }
    const target = isFile ? file : join(this.root, 'index.html');
    const body = await readFile(target);
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(body);
  }
}
