/**
 * PostgreSQL through a pg Pool: several server processes can share one database (the cursor
 * lock is in the database, not in the process). `schema` puts every table in that schema via
 * search_path; tests use a throwaway schema per file so parallel runs do not collide.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { createKyselyStore } from './kysely-store.ts';
import type { Database } from './schema.ts';
import type { Store } from './types.ts';

export interface PostgresOptions {
  schema?: string;
  /** Pool size per process (default 10). */
  max?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPostgresStore(url: string, opts: PostgresOptions = {}): Store {
  if (opts.schema !== undefined && !SCHEMA_RE.test(opts.schema))
    throw new Error(`bad schema name ${opts.schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStore(db, 'postgres', () => db.destroy());
}
