/**
 * A workshop for a benchmark, made the way an organiser makes one: the admin CLI
 * (`src/server/admin-cli.ts create-workshop`) on the running server's DATA_DIR, as
 * tests/e2e/sync.e2e.ts does. The server scopes every pull to the device's workshop (issue 4),
 * so devices that should see each other's entries must join the same one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.ts';

export interface WorkshopCodes {
  participant: string;
  facilitator: string;
}

export function createWorkshop(dataDir: string, nama = 'Lokakarya Bench Sync'): WorkshopCodes {
  const res = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'src', 'server', 'admin-cli.ts'),
      'create-workshop',
      '--nama',
      nama,
      '--tanggal',
      '2026-11-27',
    ],
    // The same environment as the bench's server (lib/server.ts): its DATA_DIR, and its database.
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' },
  );
  const participant = /Participant code: (\S+)/.exec(res.stdout)?.[1];
  const facilitator = /Facilitator code: (\S+)/.exec(res.stdout)?.[1];
  if (res.status !== 0 || !participant || !facilitator)
    throw new Error(`create-workshop failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return { participant, facilitator };
}
