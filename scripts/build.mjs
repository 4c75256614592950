#!/usr/bin/env node
// `npm run build`: the PWA (vite, into dist/) and the server as plain JavaScript (esbuild, into
// build/server/), so production runs `node build/server/main.mjs` with no TypeScript loader.
// `--if-stale` (what `npm start` uses) builds only a part whose inputs changed since it was last
// built: a fingerprint of the input files' contents is kept in build/stamps.json, so restarting
// an unchanged checkout starts at once (contents, not mtimes: a fresh `git clone` or `npm ci`
// touches every file). `--only=app|server` builds one part; `--quiet` prints only failures.
// Packages stay in node_modules (external): only our own code is compiled; better-sqlite3 is
// native and pg loads optional modules at run time, so neither could be bundled anyway.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPO = join(import.meta.dirname, '..');
const BUILD_DIR = process.env.LUMBUNG_BUILD_DIR ?? join(REPO, 'build');
const APP_DIR = process.env.LUMBUNG_OUT_DIR ?? join(REPO, 'dist');
const STAMPS = join(BUILD_DIR, 'stamps.json');

const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
// `npm run admin` builds the server quietly before each command: its output stays the command's.
const quiet = args.includes('--quiet');
const say = quiet ? () => {} : (line) => console.log(line);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
if (only && only !== 'app' && only !== 'server') {
  console.error('build: --only takes app or server');
  process.exit(2);
}

/** Every file under the given paths (files or directories; a missing one is skipped), sorted. */
function listInputs(paths) {
  const out = [];
  for (const p of paths) {
    const full = join(REPO, p);
    if (!existsSync(full)) continue;
    if (!statSync(full).isDirectory()) {
      out.push(p);
      continue;
    }
    for (const e of readdirSync(full, { withFileTypes: true, recursive: true }))
      if (e.isFile()) out.push(relative(REPO, join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** A hash of the inputs' names and contents, plus the environment the build reads. */
function fingerprint(paths, env) {
  const h = createHash('sha256');
  for (const f of listInputs(paths)) {
    h.update(f)
      .update('\0')
      .update(readFileSync(join(REPO, f)))
      .update('\0');
  }
  for (const k of env) h.update(`${k}=${process.env[k] ?? ''}\0`);
  h.update(process.version);
  return h.digest('hex');
}

const COMMON = ['src/core', 'package.json', 'package-lock.json', 'scripts/build.mjs', 'tsconfig.base.json'];
const PARTS = {
  app: {
    inputs: [
      ...COMMON,
      'src/app',
      'src/sw',
      'src/sw.ts',
      'public',
      'index.html',
      'vite.config.ts',
      'svelte.config.js',
      'tsconfig.app.json',
      'tsconfig.sw.json',
    ],
    env: ['LUMBUNG_VERSION', 'LUMBUNG_OUT_DIR'],
    output: join(APP_DIR, 'index.html'),
    build() {
      const vite = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
      const res = spawnSync(process.execPath, [vite, 'build'], { cwd: REPO, stdio: 'inherit' });
      return res.status === 0;
    },
  },
  server: {
    inputs: [...COMMON, 'src/server', 'tsconfig.node.json'],
    env: [],
    output: join(BUILD_DIR, 'server', 'main.mjs'),
    async build() {
      const esbuild = await import('esbuild');
      await esbuild.build({
        absWorkingDir: REPO,
        entryPoints: { main: 'src/server/main.ts', 'admin-cli': 'src/server/admin-cli.ts' },
        outdir: join(BUILD_DIR, 'server'),
        outExtension: { '.js': '.mjs' },
        bundle: true,
        packages: 'external',
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: true,
        logLevel: 'warning',
      });
      return true;
    },
  },
};

const stamps = existsSync(STAMPS) ? JSON.parse(readFileSync(STAMPS, 'utf8')) : {};
let failed = false;
for (const [name, part] of Object.entries(PARTS)) {
  if (only && only !== name) continue;
  const print = fingerprint(part.inputs, part.env);
  if (ifStale && stamps[name] === print && existsSync(part.output)) {
    say(`build: ${name} is up to date`);
    continue;
  }
  say(`build: ${name}…`);
  const started = Date.now();
  const ok = await part.build();
  if (!ok) {
    failed = true;
    delete stamps[name];
    console.error(`build: ${name} FAILED`);
    continue;
  }
  stamps[name] = print;
  say(`build: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
mkdirSync(BUILD_DIR, { recursive: true });
writeFileSync(STAMPS, `${JSON.stringify(stamps, null, 2)}\n`);
process.exit(failed ? 1 : 0);
