/**
 * The reference tools (Lighthouse, PouchDB, express-pouchdb) live in bench/package.json with
 * their own lock, so the app's `npm ci` does not carry ~140 MB that only the benchmarks use.
 * They are installed here on first use, exactly as locked (npm ci), and again when the lock changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.ts';

const LOCK = join(BENCH_DIR, 'package-lock.json');
const INSTALLED = join(BENCH_DIR, 'node_modules', '.package-lock.json');

export function benchDepsInstalled(): boolean {
  return existsSync(INSTALLED) && statSync(INSTALLED).mtimeMs >= statSync(LOCK).mtimeMs;
}

export function ensureBenchDeps(): void {
  if (benchDepsInstalled()) return;
  console.log('(installing the benchmark reference tools: npm ci --prefix bench, about a minute, once)');
  execFileSync('npm', ['ci', '--prefix', BENCH_DIR, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 600_000,
  });
}

/** Resolve a package installed in bench/node_modules (not the app's node_modules). */
export function benchModule(...parts: string[]): string {
  return join(BENCH_DIR, 'node_modules', ...parts);
}
