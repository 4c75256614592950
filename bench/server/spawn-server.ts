/** Start the real server as its own process on a random loopback port, so
 * its RSS is measured apart from the load generator's. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunningServer {
  url: string;
  pid: number;
  rssMb(): number;
  /** CPU seconds (user + system) the server has used so far: contention-independent cost. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** What production runs (`npm start`: node on the compiled bundle, built here when stale), so
 * memory and CPU are the deployment's; BENCH_SERVER=tsx measures the TypeScript sources under
 * tsx instead (about 40 MB more RSS from the loader). */
function serverEntry(): string[] {
  if (process.env['BENCH_SERVER'] === 'tsx') return ['--import', 'tsx', 'src/server/main.ts'];
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--only=server', '--quiet'], {
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('bench: building the server bundle failed');
  return ['build/server/main.mjs'];
}

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof-server'] : []),
      ...serverEntry(),
    ],
    {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        STATIC_DIR: '.tmp/no-dist',
        REGISTER_RATE_PER_MIN: '100000',
        // The simulated devices register without a workshop (POST /devices).
        OPEN_REGISTRATION: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Local: +(http:\/\/localhost:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    cpuSeconds() {
      // /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
