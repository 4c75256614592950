// Where Debian's Chromium is (CHROMIUM_PATH wins). Shared by scripts/test.mjs and tests/e2e/run.mjs.
import { existsSync } from 'node:fs';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

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
