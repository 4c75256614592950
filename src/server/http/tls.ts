/**
 * HTTPS from the server itself (TLS_CERT/TLS_KEY), and the optional plain-HTTP port that only
 * sends browsers to the HTTPS address (HTTP_REDIRECT_PORT). A phone gets a service worker, Web
 * Crypto and persistent storage only on a secure origin: see docs/deploy.md.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Config } from '../config.ts';

/** The part of @hono/node-server's serve() options that makes it HTTPS (none without TLS). */
export function tlsServeOptions(config: Config) {
  if (!config.tls) return {};
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(config.tls.cert);
    key = readFileSync(config.tls.key);
  } catch (err) {
    throw new Error(
      `Cannot read TLS_CERT/TLS_KEY (${err instanceof Error ? err.message : String(err)}). Check the paths and that this user may read them.`,
      { cause: err },
    );
  }
  return { createServer: createHttpsServer, serverOptions: { cert, key } };
}

/** Where a plain-HTTP request for `host` + `path` should go on the HTTPS port. */
export function httpsLocation(
  hostHeader: string | undefined,
  path: string,
  httpsPort: number,
): string | null {
  if (!hostHeader) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname;
  } catch {
    return null;
  }
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  return `https://${hostname}${port}${path.startsWith('/') ? path : '/'}`;
}

/** Listens on `port` and answers every request with a permanent redirect to HTTPS. */
export function startHttpRedirect(port: number, host: string, httpsPort: number): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const location = httpsLocation(req.headers.host, req.url ?? '/', httpsPort);
    if (!location) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Open the https:// address.\n');
      return;
    }
    res.writeHead(308, { Location: location, 'Cache-Control': 'no-store' }).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
