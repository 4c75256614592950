/**
 * The databases the server benchmarks run on: SQLite, then PostgreSQL when it answers, each run
 * on a fresh one (a data folder of its own for SQLite's file and the photos, and on PostgreSQL a
 * schema of its own, dropped afterwards), so that no run reads what another left behind.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { randomToken } from '../../src/core/index.ts';

export type Engine = 'SQLite' | 'PostgreSQL';
export const ENGINES: readonly Engine[] = ['SQLite', 'PostgreSQL'];

export const PG_URL =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['TEST_DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

export interface Database {
  engine: Engine;
  /** The server's environment for it: DATA_DIR, and DATABASE_URL on PostgreSQL. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

let pgMissing: string | null = null;

/** A fresh database on `engine`; null when PostgreSQL does not answer (said once). */
export async function freshDatabase(engine: Engine, prefix: string): Promise<Database | null> {
  if (engine === 'PostgreSQL' && pgMissing) return null;
  mkdirSync('.tmp', { recursive: true });
  const dataDir = mkdtempSync(join('.tmp', `${prefix}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'SQLite')
    return { engine, env: { DATA_DIR: dataDir }, drop: () => Promise.resolve(removeDir()) };
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch (err) {
    pgMissing = String(err);
    console.log(`PostgreSQL skipped: ${PG_URL} does not answer (${pgMissing})`);
    removeDir();
    return null;
  }
  const schema = `bench_${randomToken(4)}`;
  await client.query(`create schema ${schema}`);
  await client.end();
  const sep = PG_URL.includes('?') ? '&' : '?';
  return {
    engine,
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    },
    drop: async () => {
      removeDir();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** `fn` on a fresh database of each engine in turn; the database is removed afterwards. */
export async function onEachEngine<T>(prefix: string, fn: (db: Database) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const engine of ENGINES) {
    const db = await freshDatabase(engine, prefix);
    if (!db) continue;
    try {
      out.push(await fn(db));
    } finally {
      await db.drop();
    }
  }
  return out;
}
