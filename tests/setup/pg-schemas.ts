/**
 * PostgreSQL schemas of one vitest run (tests/unit/server/helpers/pg.ts): every file makes its
 * own, named after this run, and they are all dropped here once every file has finished.
 * Dropped one by one as each file ended, they broke other files running at the same time:
 * kysely's migrator lists the tables of every schema in the database, and a schema dropped in
 * the middle of that query fails it ("schema t_… does not exist", seen with two workers).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    pgRun: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const run = randomBytes(4).toString('hex');
  project.provide('pgRun', run);
  return async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
    } catch {
      return; // No PostgreSQL: no schema was made (the suite says so itself).
    }
    try {
      const { rows } = await client.query<{ name: string }>(
        `select nspname as name from pg_namespace where nspname like $1`,
        [`t\\_${run}\\_%`],
      );
      for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`);
    } finally {
      await client.end();
    }
  };
}
