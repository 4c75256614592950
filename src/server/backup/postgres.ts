/**
 * `backup` on PostgreSQL: pg_dump (custom format) of the database first, then the photos, so
 * every photo a dumped record names is in the backup (a photo is on disk before its row is
 * written). The password travels in PGPASSWORD, never on pg_dump's command line (which any
 * user of the machine can read in the process list). A URL naming a schema
 * (`?options=-c search_path=x`) dumps that schema only.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyPhotos } from './photos.ts';
import { MANIFEST } from './sqlite.ts';

export interface PgBackupSummary {
  dumpBytes: number;
  photos: number;
  photoBytes: number;
}

/** pg_dump's arguments and environment for `url`, the password kept out of the arguments. */
export function pgDumpInvocation(url: string, file: string): { args: string[]; env: Record<string, string> } {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.password) env['PGPASSWORD'] = decodeURIComponent(u.password);
  u.password = '';
  const schema = /search_path=([a-z_][a-z0-9_]*)/i.exec(
    decodeURIComponent(u.searchParams.get('options') ?? ''),
  )?.[1];
  const args = [
    '--format=custom',
    `--file=${file}`,
    ...(schema ? [`--schema=${schema}`] : []),
    `--dbname=${u.toString()}`,
  ];
  return { args, env };
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) =>
      reject(
        new Error(
          `${cmd} could not run (${e.message}). Install the PostgreSQL client (apt-get install -y postgresql-client).`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (${code}): ${err.trim()}`)),
    );
  });
}

export async function backupPostgres(
  url: string,
  dataDir: string,
  outDir: string,
  now: Date,
): Promise<PgBackupSummary> {
  try {
    if ((await readdir(outDir)).length > 0)
      throw new Error(
        `${outDir} is not empty: give --out a new or empty folder, so no backup is mixed with another.`,
      );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(outDir, { recursive: true });
  const dump = join(outDir, 'lumbung.dump');
  const { args, env } = pgDumpInvocation(url, dump);
  await run('pg_dump', args, env);
  const photos = await copyPhotos(join(dataDir, 'blobs'), join(outDir, 'blobs'));
  const summary = { dumpBytes: statSync(dump).size, photos: photos.photos, photoBytes: photos.bytes };
  await writeFile(
    join(outDir, MANIFEST),
    `${JSON.stringify({ kind: 'lumbung-backup', engine: 'postgres', createdAt: now.toISOString(), ...summary }, null, 2)}\n`,
  );
  return summary;
}
