/**
 * The compiled server (`npm run build`'s build/server/main.mjs), built once per run into .tmp,
 * so the deployment tests run what production runs: plain node, no TypeScript loader.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './build.ts';

let built: string | undefined;

export function serverBundle(): string {
  if (built) return built;
  const dir = join(REPO, '.tmp', 'e2e-server-build');
  const res = spawnSync(
    process.execPath,
    [join(REPO, 'scripts', 'build.mjs'), '--only=server', '--if-stale'],
    {
      cwd: REPO,
      env: { ...process.env, LUMBUNG_BUILD_DIR: dir },
      encoding: 'utf8',
    },
  );
  if (res.status !== 0) throw new Error(`server build failed:\n${res.stdout}\n${res.stderr}`);
  built = join(dir, 'server', 'main.mjs');
  return built;
}

/** Chromium resolves this made-up name to loopback: an origin that is not "potentially
 * trustworthy" the way localhost is, like a phone at http://192.168.x.x (TOOLING.md). */
export const LAN_HOST = 'lumbung-lan.test';
export const LAN_RESOLVER = `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`;

/** A self-signed certificate for LAN_HOST, or null when openssl is not installed. */
export function makeCertificate(dir: string): { cert: string; key: string } | null {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const res = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${LAN_HOST}`,
      '-addext',
      `subjectAltName=DNS:${LAN_HOST}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (res.error) return null;
  if (res.status !== 0) throw new Error(`openssl failed: ${res.stderr}`);
  return { cert, key };
}
