/** Where the benchmarks read and write: all inside the repository (temporary files in .tmp/). */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BENCH_DIR = join(ROOT, 'bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const TMP_DIR = join(ROOT, '.tmp', 'bench');
export const BIN = join(ROOT, 'node_modules', '.bin');

/** A fresh temporary directory under .tmp/bench (ignored by git). */
export function tempDir(prefix: string): string {
  mkdirSync(TMP_DIR, { recursive: true });
  return mkdtempSync(join(TMP_DIR, `${prefix}-`));
}
