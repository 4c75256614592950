/**
 * `npm run bench` — every benchmark in sequence; `npm run bench -- <name> [<name>...]` — only those.
 * Each benchmark is its own process (a crash in one leaves the others' numbers), prints its
 * tables, and leaves its JSON in bench/results/<name>.json. The app is built once for all of them.
 * Exit code: non-zero only when a benchmark crashed; a missed budget prints "OVER BUDGET" instead.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RESULTS = join(ROOT, 'bench', 'results');
const TMP = join(ROOT, '.tmp', 'bench');

/** In run order. `app`: needs the built app; owner: who writes the file (for the message when missing). */
const BENCHMARKS = [
  { name: 'bundle-size', file: 'bench/bundle-size.ts', app: true, timeoutMin: 10 },
  { name: 'autosave-list', file: 'bench/autosave-list.ts', app: true, timeoutMin: 15 },
  { name: 'lighthouse', file: 'bench/lighthouse.ts', app: true, timeoutMin: 15 },
  { name: 'sync', file: 'bench/sync.ts', app: false, timeoutMin: 20 },
  { name: 'slow-link', file: 'bench/slow-link.ts', app: false, timeoutMin: 40 },
  { name: 'server-load', file: 'bench/server-load.ts', app: false, timeoutMin: 15 },
  { name: 'server-sync', file: 'bench/server-sync.ts', app: false, timeoutMin: 15 },
  { name: 'server-hostile', file: 'bench/server-hostile.ts', app: false, timeoutMin: 15 },
  { name: 'export', file: 'bench/export.ts', app: false, timeoutMin: 10 },
  { name: 'qr-transfer', file: 'bench/qr-transfer.ts', app: false, timeoutMin: 10 },
  { name: 'dashboard', file: 'bench/dashboard.ts', app: true, timeoutMin: 20 },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
if (unknown.length) {
  console.error(
    `Unknown benchmark: ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.name));

function run(bench, env) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', bench.file], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    // Bounded: a benchmark that hangs is killed and counted as crashed.
    const timer = setTimeout(() => {
      console.error(`\n${bench.name}: no result after ${bench.timeoutMin} min, stopping it`);
      child.kill('SIGKILL');
    }, bench.timeoutMin * 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? 1, signal, seconds: (Date.now() - started) / 1000 });
    });
  });
}

mkdirSync(RESULTS, { recursive: true });
mkdirSync(TMP, { recursive: true });

const runTmp = mkdtempSync(join(TMP, 'run-'));
// Browser profiles, server data and builds of this run go here, and are removed at the end.
const env = { ...process.env, NODE_ENV: 'production', TMPDIR: runTmp, BENCH_TMP: runTmp };
let dist = null;
if (selected.some((b) => b.app && existsSync(join(ROOT, b.file)))) {
  dist = mkdtempSync(join(runTmp, 'dist-'));
  console.log(`Building the app once for the benchmarks (vite build into ${dist})`);
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...env, LUMBUNG_OUT_DIR: dist },
    stdio: 'inherit',
    timeout: 300_000,
  });
  env.BENCH_DIST = dist;
}

const summary = [];
for (const bench of selected) {
  const path = join(ROOT, bench.file);
  if (!existsSync(path)) {
    console.log(`\n## ${bench.name}: skipped — ${bench.file} does not exist yet`);
    summary.push({ name: bench.name, status: 'missing' });
    continue;
  }
  console.log(`\n## ${bench.name} (${bench.file})`);
  const resultFile = join(RESULTS, `${bench.name}.json`);
  const before = existsSync(resultFile) ? statSync(resultFile).mtimeMs : 0;
  const r = await run(bench, { ...env, BENCH_RESULT_FILE: resultFile });
  const wrote = existsSync(resultFile) && statSync(resultFile).mtimeMs > before;
  if (!wrote) {
    // A benchmark that prints its table but saves nothing (e.g. one not using bench/lib/report.ts).
    writeFileSync(
      resultFile,
      JSON.stringify(
        {
          name: bench.name,
          at: new Date().toISOString(),
          exitCode: r.code,
          note: 'no JSON written; see its printed table',
        },
        null,
        2,
      ) + '\n',
    );
  }
  const status = r.code === 0 ? 'ok' : `CRASHED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`;
  summary.push({ name: bench.name, status, seconds: r.seconds });
}

if (dist) rmSync(dist, { recursive: true, force: true });
rmSync(env.TMPDIR, { recursive: true, force: true });

console.log('\n## Summary\n');
console.log('| benchmark | status | seconds |');
console.log('| --- | --- | --- |');
for (const s of summary) console.log(`| ${s.name} | ${s.status} | ${s.seconds?.toFixed(0) ?? ''} |`);
console.log('\n(a missed budget is marked OVER BUDGET in its table; it does not change the exit code)');
process.exit(summary.some((s) => s.status.startsWith('CRASHED')) ? 1 : 0);
