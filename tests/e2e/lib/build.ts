/**
 * Production builds of the app for the browser tests, made once per run. Version A is the
 * ordinary build (reused from `npm test`'s build step when E2E_DIST_A points at it); version B
 * differs only in its version string, which is enough to give it a new service worker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

export const VERSIONS = { A: pkg.version, B: `${pkg.version}-e2e.b` } as const;
export type Version = keyof typeof VERSIONS;

const built = new Map<Version, string>();

export function appBuild(version: Version = 'A'): string {
  const cached = built.get(version);
  if (cached) return cached;
  const reuse = version === 'A' ? process.env.E2E_DIST_A : undefined;
  if (reuse && existsSync(join(reuse, 'sw.js'))) {
    built.set(version, reuse);
    return reuse;
  }
  const outDir = join(REPO, '.tmp', 'e2e-builds', version);
  const vite = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: REPO,
    env: { ...process.env, LUMBUNG_VERSION: VERSIONS[version], LUMBUNG_OUT_DIR: outDir },
    encoding: 'utf8',
  });
  if (res.status !== 0)
    throw new Error(`vite build of version ${version} failed:\n${res.stdout}\n${res.stderr}`);
  built.set(version, outDir);
  return outDir;
}
