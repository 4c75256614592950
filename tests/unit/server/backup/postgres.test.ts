/**
 * `npm run admin -- backup` on PostgreSQL: pg_dump of this test's own schema (the URL names it),
 * then the photos; the password never on pg_dump's command line. Only reads the shared server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgDumpInvocation } from '$src/server/backup/postgres.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from '../helpers/pg.ts';
import { tempDir } from '../helpers/stores.ts';

const REPO = join(import.meta.dirname, '..', '..', '..', '..');
const root = tempDir('pg-backup');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pg_dump invocation', () => {
  it('keeps the password out of the arguments and dumps only the schema the URL names', () => {
    const { args, env } = pgDumpInvocation(
      'postgres://lumbung:s%40cret@db:5432/lumbung?options=-c%20search_path%3Dpemda_a',
      '/b/lumbung.dump',
    );
    expect(args.join(' ')).not.toContain('cret');
    expect(env).toEqual({ PGPASSWORD: 's@cret' });
    expect(args).toContain('--schema=pemda_a');
    expect(args).toContain('--file=/b/lumbung.dump');
  });
});

const reason = await pgUnavailable();
const hasPgDump = spawnSync('pg_dump', ['--version']).error === undefined;
// Skipped only without PostgreSQL outside CI (pgUnavailable fails the run under CI) or without
// the pg_dump client (Debian's postgresql-client; CI's machine has it).
describe.skipIf(reason !== null || !hasPgDump)('backup on PostgreSQL (needs pg_dump)', () => {
  it('writes a dump holding the records table, the photos, and prints sizes', async () => {
    const schema = await createSchema();
    try {
      const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const store = createPostgresStore(PG_URL, { schema });
      await store.migrate();
      await store.close();
      const dataDir = join(root, 'data');
      const sha = 'ab'.repeat(32);
      mkdirSync(join(dataDir, 'blobs', 'ab', 'ab'), { recursive: true });
      writeFileSync(join(dataDir, 'blobs', 'ab', 'ab', sha), 'photo');
      const out = join(root, 'out');
      const res = await new Promise<{ code: number; text: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
            join(REPO, 'src', 'server', 'admin-cli.ts'),
            'backup',
            '--out',
            out,
          ],
          {
            cwd: REPO,
            env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.stderr.on('data', (d: Buffer) => (text += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? 1, text }));
      });
      expect(res.code, res.text).toBe(0);
      expect(res.text).toMatch(/database\s+[\d.]+ MB/);
      expect(res.text).toMatch(/photos\s+1 /);
      expect(existsSync(join(out, 'blobs', 'ab', 'ab', sha))).toBe(true);
      const list = spawnSync('pg_restore', ['--list', join(out, 'lumbung.dump')], { encoding: 'utf8' });
      expect(list.stdout).toMatch(new RegExp(`TABLE ${schema} records`));
      expect(list.stdout).not.toMatch(/TABLE public /);
    } finally {
      await dropSchema(schema);
    }
  });
});
