#!/usr/bin/env node
// `npm test`: (a) every vitest project (unit, component, fault), (b) the production build,
// (c) the end-to-end suite in Chromium. Each part runs even when an earlier one failed, so one
// run shows everything; the exit code is non-zero if any part failed, and the last line is the
// plain sum `total: N passed, N failed` for CI to read.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, SKIP_WARNING } from '../tests/harness/chromium-path.mjs';

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, '.tmp');
mkdirSync(TMP, { recursive: true });
const env = { ...process.env, TMPDIR: TMP };
if (process.env.CI) {
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
}

/** Runs a command with inherited output (and a copy of stdout when `capture`), resolves its code. */
function run(cmd, args, { capture = false, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: REPO,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        process.stdout.write(d);
        out += d.toString();
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

const bin = (name) => join(REPO, 'node_modules', '.bin', name);
const results = [];

function banner(title) {
  console.log(`\n======== ${title} ========`);
}

// (a) vitest: counts come from its JSON report.
banner('unit, component and fault tests (vitest)');
const report = join(TMP, 'vitest-report.json');
rmSync(report, { force: true });
const unit = await run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
let unitCounts = { passed: 0, failed: unit.code === 0 ? 0 : 1 };
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  unitCounts = {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (unit.code !== 0 && r.numFailedTests === 0 ? 1 : 0),
  };
}
results.push({ part: 'vitest', ok: unit.code === 0, ...unitCounts });

// (b) the production build (app + service worker + manifest, and the server bundle), one check.
banner('production build (app and server: scripts/build.mjs)');
const build = await run(process.execPath, [join(REPO, 'scripts', 'build.mjs')]);
const buildOk =
  build.code === 0 &&
  existsSync(join(REPO, 'dist', 'sw.js')) &&
  existsSync(join(REPO, 'build', 'server', 'main.mjs'));
results.push({ part: 'build', ok: buildOk, passed: buildOk ? 1 : 0, failed: buildOk ? 0 : 1 });

// (c) Chromium: reuses the build above as version A when it succeeded.
banner('end-to-end tests (Chromium)');
let e2eSkipped = false;
if (!findChromium()) {
  e2eSkipped = true;
  console.log(SKIP_WARNING);
  const ok = !process.env.CI;
  results.push({ part: 'e2e', ok, passed: 0, failed: ok ? 0 : 1 });
} else {
  const e2e = await run(process.execPath, [join(REPO, 'tests', 'e2e', 'run.mjs')], {
    capture: true,
    extraEnv: buildOk ? { E2E_DIST_A: join(REPO, 'dist') } : {},
  });
  const m = [...e2e.out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
  const passed = m ? Number(m[1]) : 0;
  const failed = m ? Number(m[2]) : 0;
  results.push({
    part: 'e2e',
    ok: e2e.code === 0,
    passed,
    failed: failed + (e2e.code !== 0 && failed === 0 ? 1 : 0),
  });
}

banner('summary');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.part.padEnd(7)} ${r.passed} passed, ${r.failed} failed`);
}
if (e2eSkipped) console.log(SKIP_WARNING);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
