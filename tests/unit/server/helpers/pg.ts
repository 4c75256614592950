/**
 * PostgreSQL for the server suite: TEST_DATABASE_URL, or the project's local server
 * (127.0.0.1:5432, database `test`, trust auth). Each test file gets its own schema, dropped
 * when the run ends (tests/setup/pg-schemas.ts), so parallel files never collide. Under CI a missing PostgreSQL fails loudly.
 */
import pg from 'pg';
import { inject } from 'vitest';
import { randomToken } from '$src/core/index.ts';

export const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let probe: Promise<string | null> | undefined;

/** null when PostgreSQL is usable, else the reason it is not (throws under CI). */
export async function pgUnavailable(): Promise<string | null> {
  probe ??= answers(PG_URL);
  const reason = await probe;
  // .ci/run exports CI=1, other CI systems CI=true: any value but empty/0/false counts.
  const ci = !['', '0', 'false'].includes(process.env['CI'] ?? '');
  if (reason && ci) {
    throw new Error(`PostgreSQL is required under CI but ${PG_URL} does not answer: ${reason}`);
  }
  if (reason) console.warn(`[server tests] PostgreSQL suite skipped: ${PG_URL} does not answer (${reason})`);
  return reason;
}

/** This vitest run's id (tests/setup/pg-schemas.ts), or null outside one (bench/). */
function runId(): string | null {
  try {
    return inject('pgRun') ?? null;
  } catch {
    return null;
  }
}

export async function createSchema(): Promise<string> {
  const run = runId();
  const name = run ? `t_${run}_${randomToken(6)}` : `t_${randomToken(6)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`create schema ${name}`);
  } finally {
    await client.end();
  }
  return name;
}

/**
 * Drop a schema made by createSchema. Inside a vitest run this waits for the run's end
 * (tests/setup/pg-schemas.ts drops them all): dropped now, it could break another file's
 * migration running at the same moment.
 */
export async function dropSchema(name: string): Promise<void> {
  const run = runId();
  if (run && name.startsWith(`t_${run}_`)) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${name} cascade`);
  } finally {
    await client.end();
  }
}
