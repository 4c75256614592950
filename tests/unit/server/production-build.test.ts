/**
 * `npm start` runs compiled JavaScript: scripts/build.mjs compiles the server with esbuild, a
 * second run on unchanged inputs builds nothing, a changed input rebuilds, and the bundle serves
 * with plain `node` (no TypeScript loader).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/stores.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const buildDir = tempDir('build');
afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

function build(...args: string[]) {
  const res = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--only=server', ...args], {
    cwd: REPO,
    env: { ...process.env, LUMBUNG_BUILD_DIR: buildDir },
    encoding: 'utf8',
  });
  expect(res.status, res.stderr).toBe(0);
  return res.stdout;
}

describe('the production build', () => {
  const bundle = join(buildDir, 'server', 'main.mjs');

  it('compiles the server once; an unchanged checkout is not rebuilt', () => {
    expect(build('--if-stale')).toMatch(/build: server done/);
    const first = statSync(bundle).mtimeMs;
    expect(build('--if-stale')).toMatch(/build: server is up to date/);
    expect(statSync(bundle).mtimeMs).toBe(first);
    // A changed fingerprint (here: a stamp from another checkout) rebuilds.
    const stamps = join(buildDir, 'stamps.json');
    const kept = readFileSync(stamps, 'utf8');
    rmSync(stamps);
    expect(build('--if-stale')).toMatch(/build: server done/);
    expect(JSON.parse(readFileSync(stamps, 'utf8'))).toEqual(JSON.parse(kept));
  });

  it('keeps the packages external (better-sqlite3, pg) and runs under plain node', async () => {
    build('--if-stale');
    const text = readFileSync(bundle, 'utf8');
    expect(text).toMatch(/from "better-sqlite3"/);
    expect(text).toMatch(/from "pg"/);
    const dataDir = tempDir('build-data');
    const child = spawn(process.execPath, [bundle], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        STATIC_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        const onData = (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/localhost:(\d+)\//.exec(out);
          if (m) resolve(Number(m[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/ready`);
      expect(res.status).toBe(200);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
