/**
 * The real server (`tsx src/server/main.ts`) as a child process: SQLite in a temporary DATA_DIR,
 * a free port on 127.0.0.1, the given build as STATIC_DIR. stop() ends it (SIGTERM, then SIGKILL)
 * and start() brings it back on the same port and data, so browser profiles keep their origin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { REPO } from './build.ts';

export class RealServer {
  root: string;
  readonly dataDir: string;
  port = 0;
  /** Everything the server printed, for a failing test's message. */
  output = '';
  #child: ChildProcess | undefined;

  constructor(root: string, dataDir: string) {
    this.root = root;
    this.dataDir = dataDir;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'src', 'server', 'main.ts')],
      {
        cwd: REPO,
        env: {
          ...process.env,
          PORT: String(this.port),
          HOST: '127.0.0.1',
          DATA_DIR: this.dataDir,
          STATIC_DIR: this.root,
          DATABASE_URL: '',
          // Pages that sync without joining a workshop register through POST /devices.
          OPEN_REGISTRATION: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000);
      const onData = (d: Buffer) => {
        this.output += d.toString();
        const m = /http:\/\/(?:localhost|127\.0\.0\.1):(\d+)\//.exec(this.output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}):\n${this.output}`));
      });
    });
    this.port = port;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
