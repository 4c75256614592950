/**
 * The built app the benchmarks measure. bench/run.mjs builds once and passes the folder in
 * BENCH_DIST; a benchmark run on its own builds into a fresh temporary folder. The build goes
 * through vite.config.ts (LUMBUNG_OUT_DIR), exactly as `npm run build` does, but never into
 * dist/, which tests running at the same time may be serving.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, tempDir } from './paths.ts';

export function buildApp(outDir: string = tempDir('dist')): string {
  const started = Date.now();
  execFileSync(join(BIN, 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, LUMBUNG_OUT_DIR: outDir },
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (!existsSync(join(outDir, 'index.html')))
    throw new Error(`vite build wrote no index.html into ${outDir}`);
  console.log(`(built the app into ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return outDir;
}

/** The build to measure: the shared one from bench/run.mjs, else a fresh one. */
export function builtApp(): string {
  const shared = process.env.BENCH_DIST;
  if (shared && existsSync(join(shared, 'index.html'))) return shared;
  return buildApp();
}
