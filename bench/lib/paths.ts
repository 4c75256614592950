/** Where the benchmarks read and write: all inside the repository (temporary files in .tmp/). */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BENCH_DIR = join(ROOT, 'bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const TMP_DIR = join(ROOT, '.tmp', 'bench');
export const BIN = join(ROOT, 'node_modules', '.bin');

/**
 * A fresh temporary directory under .tmp/bench (ignored by git), or under BENCH_TMP, the folder
 * bench/run.mjs makes for one run and removes afterwards (profiles and server data are large).
 */
export function tempDir(prefix: string): string {
  const base = process.env.BENCH_TMP ?? TMP_DIR;
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}
