/** The built PWA: cache headers per file kind, compression, SPA fallback, security headers. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '$src/server/app.ts';
import { openStore, tempDir, type Opened } from './helpers/stores.ts';

const INDEX = `<!doctype html><html><head><title>Lumbung</title></head><body>${'<p>x</p>'.repeat(300)}</body></html>`;

describe('static files', () => {
  let dist: string;
  let opened: Opened;
  let app: App;

  beforeAll(async () => {
    dist = tempDir('dist');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"Lumbung"}');
    writeFileSync(
      join(dist, 'assets', 'index-abc123.js'),
      `console.log(${JSON.stringify('y'.repeat(5000))});`,
    );
    opened = await openStore('sqlite');
    app = createApp({ store: opened.store, blobs: opened.blobs, clock: () => 0, staticDir: dist });
  });
  afterAll(async () => {
    await opened.dispose();
    rmSync(dist, { recursive: true, force: true });
  });

  it('hashed assets are immutable for a year and gzip-compressed', async () => {
    const res = await app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('index.html, sw.js and the manifest must be revalidated', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const res = await app.request(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
    }
  });

  it('a deep link gets the app shell; a missing asset or API path does not', async () => {
    const deep = await app.request('/entri/01a21c04-b402-7436-9d87-0f9cd07263f8');
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(INDEX);
    expect((await app.request('/assets/missing-123.js')).status).toBe(404);
    expect((await app.request('/favicon.png')).status).toBe(404);
    const api = await app.request('/api/v1/unknown');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('api.not_found');
    expect((await app.request('/entri/x', { method: 'POST' })).status).toBe(404);
  });

  it('every answer carries the security headers', async () => {
    // Including an answer made by the error handler (401 from a thrown error).
    for (const path of [
      '/',
      '/assets/index-abc123.js',
      '/api/v1/health',
      '/api/v1/nope',
      `/api/v1/blobs/${'a'.repeat(64)}`,
    ]) {
      const h = (await app.request(path)).headers;
      const csp = h.get('content-security-policy') ?? '';
      for (const d of [
        "default-src 'self'",
        "img-src 'self' blob: data:",
        "worker-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp, `${path}: ${d}`).toContain(d);
      }
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('permissions-policy')).toContain('camera=(self)');
    }
  });
});
