/**
 * A very small test runner for the Chromium suite: `test(name, fn)` registers, `runAll()` runs
 * them one after another (two cores, one browser at a time), each with a timeout and its own
 * cleanup stack, and ends with the plain `N passed, N failed` line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface TestContext {
  /** A fresh temporary directory for this test (profiles, downloads), removed afterwards. */
  tmp: string;
  /** Run `fn` when the test ends, last registered first, whether it passed or not. */
  defer(fn: () => unknown): void;
  /** A line of progress, printed under the test's name. */
  log(msg: string): void;
}

interface TestCase {
  name: string;
  file: string;
  fn: (t: TestContext) => Promise<void>;
  timeoutMs: number;
  skip?: string;
}

const tests: TestCase[] = [];
let currentFile = '';

export function setCurrentFile(file: string): void {
  currentFile = file;
}

export function test(
  name: string,
  fn: (t: TestContext) => Promise<void>,
  opts: { timeoutMs?: number } = {},
): void {
  tests.push({ name, file: currentFile, fn, timeoutMs: opts.timeoutMs ?? 120_000 });
}

/** A skipped test must say why. */
test.skip = (name: string, reason: string): void => {
  tests.push({ name, file: currentFile, fn: async () => {}, timeoutMs: 0, skip: reason });
};

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${name}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function runAll(
  filter: string | undefined,
  tmpRoot: string,
): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const selected = tests.filter((t) => !filter || t.name.includes(filter) || t.file.includes(filter));
  for (const tc of selected) {
    const label = `${tc.file} › ${tc.name}`;
    if (tc.skip) {
      skipped++;
      console.log(`- SKIP ${label} (${tc.skip})`);
      continue;
    }
    const tmp = mkdtempSync(join(tmpRoot, 'e2e-'));
    const cleanups: (() => unknown)[] = [];
    const ctx: TestContext = {
      tmp,
      defer: (fn) => cleanups.push(fn),
      log: (msg) => console.log(`    ${msg}`),
    };
    console.log(`▶ ${label}`);
    const started = Date.now();
    const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    try {
      await withTimeout(tc.fn(ctx), tc.timeoutMs, tc.name);
      passed++;
      console.log(`✓ PASS ${label} (${took()})`);
    } catch (err) {
      failed++;
      console.log(`✗ FAIL ${label} (${took()})`);
      console.log(indent(err instanceof Error ? (err.stack ?? err.message) : String(err)));
    } finally {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          console.log(indent(`cleanup failed: ${String(err)}`));
        }
      }
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (skipped) console.log(`${skipped} skipped (reasons above)`);
  return { passed, failed };
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
