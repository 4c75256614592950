/**
 * HTTPS from the server itself (issue 18): a certificate for lumbung-lan.test made at test time,
 * the compiled server on TLS_CERT/TLS_KEY with HTTP_REDIRECT_PORT, Chromium at
 * https://lumbung-lan.test:<port> (mapped to loopback; --ignore-certificate-errors for the
 * self-signed certificate). A secure context: no warning, the service worker controls the page,
 * a reload with no network at all (server stopped) still opens the app, and HSTS is sent.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { RealServer } from './lib/real-server.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { eventually, heading } from './lib/app.ts';
import { waitForControlled } from './lib/sw.ts';
import { LAN_HOST, LAN_RESOLVER, makeCertificate, serverBundle } from './lib/server-bundle.ts';

function plainGet(port: number, path: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `${LAN_HOST}:${port}` } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const openssl = spawnSync('openssl', ['version']).error === undefined;
// Skipped only without openssl (to make the test certificate); .ci/run installs it.
if (!openssl) {
  test.skip('https: TLS on the server itself', 'openssl is not installed (apt-get install -y openssl)');
} else {
  test(
    'https: on TLS the service worker controls the page, an offline reload opens the app, HSTS is sent, plain HTTP redirects',
    async (t) => {
      const tls = makeCertificate(t.tmp)!;
      const server = new RealServer(appBuild('A'), join(t.tmp, 'server-data'), {
        entry: serverBundle(),
        env: { TLS_CERT: tls.cert, TLS_KEY: tls.key, HTTP_REDIRECT_PORT: '0' },
      });
      await server.start();
      t.defer(() => server.stop());
      assert.equal(server.scheme, 'https', 'the banner names an https:// address');
      const base = `https://${LAN_HOST}:${server.port}`;

      // The banner's later lines may arrive after the one start() waited for.
      await eventually('the redirect port in the banner', async () =>
        /HTTP port \d+ only/.test(server.output),
      );
      assert.doesNotMatch(server.output, /NO offline mode/, 'and no warning about plain HTTP');
      const redirectPort = Number(/HTTP port (\d+) only redirects/.exec(server.output)?.[1]);
      const redirect = await plainGet(redirectPort, '/entries?x=1');
      assert.equal(redirect.status, 308);
      assert.equal(redirect.location, `${base}/entries?x=1`, 'plain HTTP goes to the same page on HTTPS');

      const ctx = await openProfile(join(t.tmp, 'profile'), {
        args: [LAN_RESOLVER, '--ignore-certificate-errors'],
      });
      t.defer(() => ctx.close());
      const page = await firstPage(ctx);
      const first = await page.goto(base + '/');
      assert.match(first?.headers()['strict-transport-security'] ?? '', /^max-age=\d+/, 'HSTS on the page');
      assert.equal(await page.evaluate(() => window.isSecureContext), true);
      await waitForControlled(page);
      assert.equal(await page.getByTestId('insecure-origin').count(), 0, 'no insecure-origin notice');
      const title = await heading(page);

      // No network at all: the server is gone and the browser offline.
      await server.stop();
      await ctx.setOffline(true);
      await page.reload();
      assert.equal(await heading(page), title, 'the app opens from the service worker');
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
    },
    { timeoutMs: 120_000 },
  );
}
