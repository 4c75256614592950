/**
 * A facilitator's pull and /health while a burst of admin sign-ins hits the server (issue 19,
 * DESIGN.md budget "server under hostile load … 100 concurrent sign-ins: RSS ≤ 200 MB; /health
 * and a normal pull answer within 100 ms meanwhile"). The real server (src/server/main.ts) as its
 * own process on SQLite; one admin account; a device with 200 entries pulls them all (since 0)
 * again and again, first alone, then while N concurrent wrong sign-ins (from this one address)
 * are answered. Prints a table; not a pass/fail test.
 *
 *   npx tsx bench/sign-in-burst.ts [--burst=100] [--pulls=30]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7, encodeHlc } from '../src/core/index.ts';
import { change } from '../tests/unit/server/helpers/client.ts';
import { postJson } from './server/post-json.ts';
import { startServer } from './server/spawn-server.ts';

const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const BURST = arg('burst', 100);
const PULLS = arg('pulls', 30);

const dataDir = join('.tmp', `bench-sign-in-${process.pid}`);
mkdirSync(dataDir, { recursive: true });
const made = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'src/server/admin-cli.ts', 'create-admin', '--username', 'kantor'],
  { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_PASSWORD: 'sandi-rahasia-2026' } },
);
if (made.status !== 0) throw new Error(`create-admin: ${made.stderr.toString()}`);

const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
const json = { 'content-type': 'application/json', 'accept-encoding': 'gzip' };
try {
  const deviceId = `bench-${uuidv7()}`;
  const reg = await postJson(`${server.url}/api/v1/devices`, json, JSON.stringify({ deviceId }));
  const { token } = JSON.parse(reg.text) as { token: string };
  const auth = { ...json, authorization: `Bearer ${token}` };
  const t = Date.now();
  const changes = Array.from({ length: 200 }, (_, i) =>
    change(
      'entries',
      uuidv7(t + i),
      {
        nama: `Inovasi ${i}`,
        opd: 'Dinas Kesehatan',
        tahapan: 'Inisiatif',
        authorId: deviceId,
        workshopId: null,
      },
      encodeHlc({ wall: t, counter: i, node: deviceId }),
    ),
  );
  const pushed = await postJson(
    `${server.url}/api/v1/sync`,
    auth,
    JSON.stringify({ deviceId, since: 0, changes }),
  );
  if (pushed.status !== 200) throw new Error(`push: ${pushed.status} ${pushed.text}`);

  const timed = async (fn: () => Promise<{ status: number }>) => {
    const s = performance.now();
    const r = await fn();
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    return performance.now() - s;
  };
  const pull = () =>
    postJson(`${server.url}/api/v1/sync`, auth, JSON.stringify({ deviceId, since: 0, changes: [] }));
  const health = () =>
    new Promise<{ status: number }>((resolve, reject) => {
      fetch(`${server.url}/api/v1/health`).then((r) => resolve({ status: r.status }), reject);
    });

  async function measure(during: Promise<unknown> | null) {
    const pulls: number[] = [];
    const checks: number[] = [];
    let rss = server.rssMb();
    let settled = during === null;
    void during?.then(() => (settled = true));
    for (let i = 0; i < PULLS || !settled; i++) {
      pulls.push(await timed(pull));
      checks.push(await timed(health));
      rss = Math.max(rss, server.rssMb());
      if (i > 10_000) break;
    }
    await during;
    return { pulls, checks, rss };
  }

  const quiet = await measure(null);
  const burstStart = performance.now();
  const statuses: number[] = [];
  const burst = Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      postJson(
        `${server.url}/api/v1/admin/login`,
        json,
        JSON.stringify({ username: 'kantor', password: `salah-${i}-xxxxxx`, deviceId: `x-${i}` }),
      ).then((r) => statuses.push(r.status)),
    ),
  ).then(() => performance.now() - burstStart);
  const loaded = await measure(burst);
  const burstMs = await burst;

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  };
  const count = (s: number) => statuses.filter((x) => x === s).length;
  const rows = [
    ['quiet', quiet],
    [`during ${BURST} sign-ins`, loaded],
  ] as const;
  console.log(`\nSign-in burst: ${BURST} concurrent wrong sign-ins from one address, SQLite, loopback.`);
  console.log(
    `Burst answered in ${burstMs.toFixed(0)} ms: ${count(401)} × 401, ${count(429)} × 429, ${count(200)} × 200.\n`,
  );
  console.log(
    '| phase | pulls | pull p50 ms | pull max ms | /health p50 ms | /health max ms | RSS MB (max) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, m] of rows)
    console.log(
      `| ${name} | ${m.pulls.length} | ${pct(m.pulls, 50).toFixed(1)} | ${Math.max(...m.pulls).toFixed(1)} | ${pct(m.checks, 50).toFixed(1)} | ${Math.max(...m.checks).toFixed(1)} | ${m.rss.toFixed(0)} |`,
    );
  console.log('\nBudget (DESIGN.md): RSS ≤ 200 MB; /health and a normal pull within 100 ms meanwhile.');
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
