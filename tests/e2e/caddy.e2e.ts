/**
 * Behind a real Caddy (issue 18): deploy/Caddyfile's site block, with `tls internal` instead of
 * a public certificate and this test's name and ports, in front of the compiled server with
 * TRUST_PROXY=1. The app works through it (service worker, join, an entry synced), HSTS comes
 * from the server because Caddy says the client used HTTPS, and the join rate limit counts two
 * clients apart: requests from 127.0.0.2 and 127.0.0.3, which Caddy passes on in
 * X-Forwarded-For, while every request reaches the server from Caddy's one address.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild, REPO } from './lib/build.ts';
import { RealServer } from './lib/real-server.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { eventually, fillRequired, save } from './lib/app.ts';
import { waitForControlled } from './lib/sw.ts';
import { createWorkshop, joinWorkshop, syncUntilSent } from './lib/workshop.ts';
import { serverRecords } from './lib/server-db.ts';
import { LAN_HOST, LAN_RESOLVER, serverBundle } from './lib/server-bundle.ts';

const CADDY = process.env.CADDY_PATH ?? '/usr/bin/caddy';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** deploy/Caddyfile with this test's site address, upstream and `tls internal`; global options
 * keep this Caddy to its own ports and files (no admin endpoint, no system trust store). */
function caddyfile(httpsPort: number, httpPort: number, upstream: number): string {
  const site = readFileSync(join(REPO, 'deploy', 'Caddyfile'), 'utf8')
    .replace(/^lumbung\.example\.go\.id \{$/m, `${LAN_HOST}:${httpsPort} {\n\ttls internal\n\tbind 127.0.0.1`)
    .replace('reverse_proxy 127.0.0.1:8080', `reverse_proxy 127.0.0.1:${upstream}`);
  assert.match(site, /tls internal/, 'the deploy Caddyfile still has the expected site block');
  return `{\n\tadmin off\n\tskip_install_trust\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n\tauto_https disable_redirects\n}\n\n${site}`;
}

/** POST /api/v1/join through Caddy from a chosen loopback address; resolves the status. */
function joinFrom(localAddress: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/join',
        method: 'POST',
        localAddress,
        servername: LAN_HOST,
        rejectUnauthorized: false,
        headers: { host: `${LAN_HOST}:${port}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ code: 'SALAH123', deviceId: 'dev_caddy_test_0001', name: 'X' }));
  });
}

// Skipped only without the caddy binary; .ci/run installs it (apt-get install -y caddy).
if (!existsSync(CADDY)) {
  test.skip('caddy: behind a real reverse proxy', `no Caddy at ${CADDY} (apt-get install -y caddy)`);
} else {
  test(
    'caddy: the app works behind Caddy with TRUST_PROXY=1; HSTS; the join limit counts two client addresses apart',
    async (t) => {
      const dataDir = join(t.tmp, 'server-data');
      const server = new RealServer(appBuild('A'), dataDir, {
        entry: serverBundle(),
        env: { TRUST_PROXY: '1' },
      });
      await server.start();
      t.defer(() => server.stop());

      const httpsPort = await freePort();
      const file = join(t.tmp, 'Caddyfile');
      writeFileSync(file, caddyfile(httpsPort, await freePort(), server.port));
      const caddy = spawn(CADDY, ['run', '--config', file, '--adapter', 'caddyfile'], {
        env: {
          ...process.env,
          XDG_DATA_HOME: join(t.tmp, 'caddy-data'),
          XDG_CONFIG_HOME: join(t.tmp, 'caddy-config'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let caddyLog = '';
      caddy.stdout.on('data', (d: Buffer) => (caddyLog += d.toString()));
      caddy.stderr.on('data', (d: Buffer) => (caddyLog += d.toString()));
      t.defer(async () => {
        if (caddy.exitCode !== null) return;
        const exited = once(caddy, 'exit');
        caddy.kill('SIGTERM');
        await exited;
      });
      await eventually(
        'Caddy answers',
        async () => (await joinFrom('127.0.0.1', httpsPort)) > 0,
        20_000,
      ).catch((e: unknown) => {
        throw new Error(`${String(e)}\n${caddyLog}`);
      });

      // The join limit (60 a minute per client): 127.0.0.2 uses it up, 127.0.0.3 is still let in.
      // (The probe above came from 127.0.0.1: a third client.)
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) statuses.push(await joinFrom('127.0.0.2', httpsPort));
      assert.equal(
        statuses.filter((s) => s === 429).length,
        1,
        `only the 61st was refused: ${statuses.join(',')}`,
      );
      assert.equal(await joinFrom('127.0.0.2', httpsPort), 429, 'the first client is still limited');
      assert.notEqual(await joinFrom('127.0.0.3', httpsPort), 429, 'another client is counted on its own');

      // The app through Caddy.
      const codes = createWorkshop(dataDir, 'Lokakarya Pemda');
      const base = `https://${LAN_HOST}:${httpsPort}`;
      const ctx = await openProfile(join(t.tmp, 'profile'), {
        args: [LAN_RESOLVER, '--ignore-certificate-errors'],
      });
      t.defer(() => ctx.close());
      const page = await firstPage(ctx);
      const first = await page.goto(base + '/');
      assert.match(first?.headers()['strict-transport-security'] ?? '', /^max-age=\d+/, 'HSTS through Caddy');
      await waitForControlled(page);
      await joinWorkshop(page, base, codes.participant, 'Peserta Pemda');
      await page.goto(base + '/entries/new');
      await fillRequired(page, 'Mal Pelayanan Publik Keliling');
      await save(page);
      await page.waitForURL((u) => u.pathname === '/entries');
      await syncUntilSent(page, 'participant');
      assert.deepEqual(
        serverRecords(dataDir, 'entries').map((e) => e.fields.nama),
        ['Mal Pelayanan Publik Keliling'],
        'the entry reached the server through Caddy',
      );
    },
    { timeoutMs: 120_000 },
  );
}

// Kept for a reader checking the Caddyfile by hand: `caddy adapt` must accept it as shipped.
if (existsSync(CADDY)) {
  test('caddy: deploy/Caddyfile is valid as shipped', async () => {
    const res = spawnSync(
      CADDY,
      ['adapt', '--config', join(REPO, 'deploy', 'Caddyfile'), '--adapter', 'caddyfile'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(res.status, 0, res.stderr);
  });
}
