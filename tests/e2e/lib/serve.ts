/**
 * The server the capture-app tests run against: the real one (src/server/main.ts, which serves
 * dist/ with the production cache headers and CSP) when it exists, else the small static server.
 * E2E_SERVER=static forces the static one. Either can be stopped and started on the same port
 * and switched to another build (`root`, then stop/start).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './build.ts';
import type { TestContext } from './harness.ts';
import { RealServer } from './real-server.ts';
import { StaticServer } from '../../harness/static-server.ts';

export interface AppServer {
  root: string;
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Paths the static server saw (undefined for the real server). */
  readonly requests?: string[];
}

export const USE_REAL_SERVER =
  process.env.E2E_SERVER !== 'static' && existsSync(join(REPO, 'src', 'server', 'main.ts'));

/** Starts a server for `root` that is stopped when the test ends. */
export async function serveApp(t: TestContext, root: string): Promise<AppServer> {
  let server: AppServer;
  if (USE_REAL_SERVER) {
    const data = join(t.tmp, 'server-data');
    mkdirSync(data, { recursive: true });
    server = new RealServer(root, data);
  } else {
    server = new StaticServer(root);
  }
  await server.start();
  t.defer(() => server.stop());
  return server;
}
