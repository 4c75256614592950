/**
 * A workshop made the way an organiser makes one: the admin CLI (`npm run admin --
 * create-workshop`, src/server/admin-cli.ts) on the server's DATA_DIR, for the browser tests
 * and the benchmarks alike. The server scopes every pull to the device's workshop, so devices
 * that should see each other's entries must join the same one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');

export interface JoinCodes {
  participant: string;
  facilitator: string;
}

/**
 * Creates a workshop on the server whose data is in `dataDir` and returns its two join codes.
 * `databaseUrl` is that server's DATABASE_URL; empty (the default) is SQLite in `dataDir`.
 */
export function createWorkshop(dataDir: string, nama = 'Lokakarya Uji E2E', databaseUrl = ''): JoinCodes {
  const res = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO, 'src', 'server', 'admin-cli.ts'),
      'create-workshop',
      '--nama',
      nama,
      '--tanggal',
      '2026-11-27',
    ],
    { cwd: REPO, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  const participant = /Participant code: (\S+)/.exec(res.stdout)?.[1];
  const facilitator = /Facilitator code: (\S+)/.exec(res.stdout)?.[1];
  if (res.status !== 0 || !participant || !facilitator)
    throw new Error(`create-workshop failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return { participant, facilitator };
}
