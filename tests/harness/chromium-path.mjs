// Where Debian's Chromium is, and the flags every Chromium we start gets (TOOLING.md). Plain
// JavaScript, so that scripts/test.mjs, tests/e2e/run.mjs and scripts/make-icons.mjs read it
// without a TypeScript loader; tests/harness/chromium.ts launches with it.
import { existsSync } from 'node:fs';

/**
 * CHROMIUM_PATH names another binary. CHROME_PATH, which the benchmarks read before bench/ and
 * the tests shared this file, is still honoured (deprecated: it is also what Lighthouse's own
 * launcher reads, so setting it alone moved only some of the browsers).
 */
export function chromiumFromEnv() {
  return process.env.CHROMIUM_PATH || process.env.CHROME_PATH || null;
}

/** The binary to start, or null when none is installed. */
export function findChromium() {
  const candidates = [chromiumFromEnv(), '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

/**
 * As root Chromium needs --no-sandbox (Playwright adds it too; Lighthouse does not). The rest keep
 * it off the network it must not knock on, so that every request a test or benchmark sees is
 * its own.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SKIP_WARNING = [
  '',
  '#################################################################################',
  '#  END-TO-END TESTS SKIPPED: no Chromium found (CHROMIUM_PATH or /usr/bin/chromium).',
  '#  The offline, update, photo and accessibility proofs did NOT run.',
  '#  Install it with:   apt-get update && apt-get install -y chromium',
  '#  or point CHROMIUM_PATH at a Chromium binary. (Under CI this is a failure.)',
  '#################################################################################',
  '',
].join('\n');
