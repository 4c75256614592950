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
  /** More environment (TLS_CERT, TRUST_PROXY, …) and another entry point (the compiled
   * build/server/main.mjs instead of the TypeScript source). */
  readonly #env: Record<string, string>;
  readonly #entry: string | undefined;
  readonly #wrap: string[];
  /** https when the server said so in its banner (TLS_CERT/TLS_KEY). */
  scheme: 'http' | 'https' = 'http';

  /** `wrap`: a command the server runs under, e.g. `ip netns exec <ns>`. */
  constructor(
    root: string,
    dataDir: string,
    opts: { env?: Record<string, string>; entry?: string; wrap?: string[] } = {},
  ) {
    this.root = root;
    this.dataDir = dataDir;
    this.#env = opts.env ?? {};
    this.#entry = opts.entry;
    this.#wrap = opts.wrap ?? [];
  }

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = this.#entry
      ? [this.#entry]
      : [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'src', 'server', 'main.ts')];
    const [command, ...rest] = [...this.#wrap, process.execPath, ...args];
    const child = spawn(command!, rest, {
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
        ...this.#env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000);
      const onData = (d: Buffer) => {
        this.output += d.toString();
        const m = /(https?):\/\/(?:localhost|127\.0\.0\.1):(\d+)\//.exec(this.output);
        if (m) {
          clearTimeout(timer);
          this.scheme = m[1] as 'http' | 'https';
          resolve(Number(m[2]));
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
