/**
 * GET /api/v1/ready: whether this server can do its work now (for a load balancer, systemd
 * watchdog or a monitoring check), unlike /health, which only says the process is alive.
 * 200 when the database answers, its migrations are at head and DATA_DIR takes a write;
 * 503 with the failing check named otherwise.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { apiError } from '../../core/index.ts';
import type { ServerDeps } from '../deps.ts';

/** A database that stops answering must not hold the check open: a monitor wants an answer. */
const CHECK_TIMEOUT_MS = 3_000;

type Check = 'ok' | string;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer in ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkDataDir(dataDir: string, deps: Pick<ServerDeps, 'log'>): Promise<Check> {
  const probe = join(dataDir, `.ready-${randomUUID()}`);
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe);
    return 'ok';
  } catch (err) {
    deps.log.warn(`/ready: DATA_DIR is not writable: ${reason(err)}`);
    return 'not writable';
  }
}

export function readyRoutes(deps: Pick<ServerDeps, 'database' | 'log'>, dataDir: string | undefined) {
  return new Hono().get('/', async (c) => {
    const checks: Record<string, Check> = { database: 'ok', migrations: 'ok' };
    try {
      const pending = await withTimeout(deps.database.pendingMigrations(), 'the database');
      if (pending.length > 0) checks['migrations'] = `pending: ${pending.join(', ')}`;
    } catch (err) {
      // Details (paths, host names) go to the log, not to whoever asks.
      deps.log.warn(`/ready: the database is unavailable: ${reason(err)}`);
      checks['database'] = 'unavailable';
      checks['migrations'] = 'unknown';
    }
    if (dataDir) checks['dataDir'] = await checkDataDir(dataDir, deps);
    const ok = Object.values(checks).every((v) => v === 'ok');
    const headers = { 'Cache-Control': 'no-store' };
    if (ok) return c.json({ ok: true, checks }, 200, headers);
    return c.json({ ...apiError('api.not_ready'), ok: false, checks }, 503, headers);
  });
}
