/**
 * The real server, started as `npm start` starts it (node + tsx on src/server/main.ts) on a free
 * loopback port with its data in a temporary folder. Its output goes to a log file beside the
 * data, shown when it fails to start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, HOST, waitForHttp } from './net.ts';
import { ROOT, tempDir } from './paths.ts';

export const SERVER_MAIN = join(ROOT, 'src', 'server', 'main.ts');

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function serverExists(): boolean {
  return existsSync(SERVER_MAIN);
}

/**
 * Start src/server/main.ts serving `distDir` (the built app). The server finds the built app in
 * STATIC_DIR (src/server/config.ts), never the shared dist/.
 */
export async function startServer(
  distDir: string | null,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = tempDir('data');
  const logFile = join(dataDir, 'server.log');
  const log = openSync(logFile, 'a');
  const dist = distDir ? { STATIC_DIR: distDir } : {};
  // BENCH_SERVER_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (for
  // finding costs; profiled runs are slower and not for the table).
  const profileDir = process.env.BENCH_SERVER_PROFILE;
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...dist,
      // The benchmarked app syncs without joining a workshop (POST /devices).
      OPEN_REGISTRATION: '1',
      ...env,
      PORT: String(port),
      HOST,
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://${HOST}:${port}`;
  try {
    await waitForHttp(`${url}/api/v1/health`, 60_000, () => !exited);
  } catch (err) {
    child.kill('SIGKILL');
    const out = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
    throw new Error(`${String(err)}\n--- server log ---\n${out}`, { cause: err });
  }
  return {
    url,
    port,
    dataDir,
    child,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (exited) return resolveStop();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}
