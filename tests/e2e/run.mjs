#!/usr/bin/env node
// The Chromium suite: `npm run test:e2e [-- <filter>]` runs every tests/e2e/**/*.e2e.ts (or those
// whose file or test name contains <filter>) in Debian's Chromium, one at a time, and ends with
// the plain line `N passed, N failed`. Without Chromium it says so loudly and exits 0, unless CI
// is set: then a missing browser is a failure.
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { findChromium, SKIP_WARNING } from '../harness/chromium-path.mjs';

const REPO = join(import.meta.dirname, '..', '..');
const TMP = join(REPO, '.tmp');
mkdirSync(TMP, { recursive: true });
process.env.TMPDIR = TMP;
if (process.env.CI) process.env.NO_COLOR = '1';

const chromium = findChromium();
if (!chromium) {
  console.log(SKIP_WARNING);
  console.log('e2e: SKIPPED (no Chromium)');
  console.log('0 passed, 0 failed');
  process.exit(process.env.CI ? 1 : 0);
}
process.env.CHROMIUM_PATH = chromium;

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'lib' ? [] : findTests(p);
    return d.name.endsWith('.e2e.ts') ? [p] : [];
  });
}

const filter = process.argv[2];
const files = findTests(import.meta.dirname).sort();
register();
const harness = await import(pathToFileURL(join(import.meta.dirname, 'lib', 'harness.ts')).href);
for (const file of files) {
  harness.setCurrentFile(relative(REPO, file));
  await import(pathToFileURL(file).href);
}
const { passed, failed } = await harness.runAll(filter, TMP);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
