/**
 * CPU time by process, from /proc (Linux only): on a 2-core machine the server, Chromium's
 * renderer and its browser process (where IndexedDB and the network run) share the cores, so a
 * phase's wall time says little about who spent it. `snapshot()` reads every descendant of this
 * process; `cpuDelta(a, b)` is the CPU seconds each kind spent between two snapshots.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type ProcKind = 'server' | 'renderer' | 'browser' | 'other chromium';

interface Proc {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  cmdline: string;
}

/** Clock ticks per second on Linux (USER_HZ, fixed at 100 for userspace). */
const HZ = 100;

function readProcs(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return out; // not Linux: no numbers, the table says so
  }
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: fields start after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ');
      out.set(Number(p), {
        pid: Number(p),
        ppid: Number(rest[1]),
        ticks: Number(rest[11]) + Number(rest[12]),
        cmdline,
      });
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

function kindOf(proc: Proc, serverPid: number, procs: Map<number, Proc>): ProcKind | null {
  for (let p: Proc | undefined = proc; p; p = procs.get(p.ppid)) {
    if (p.pid === serverPid) return 'server';
    if (p.pid === process.pid) break;
  }
  if (!/chrom/i.test(proc.cmdline)) return null;
  if (proc.cmdline.includes('--type=renderer')) return 'renderer';
  if (!proc.cmdline.includes('--type=')) return 'browser';
  return 'other chromium';
}

/** Ticks per pid of this process's descendants, with their kind. */
export type CpuSnapshot = Map<number, { kind: ProcKind; ticks: number }>;

export function snapshot(serverPid: number): CpuSnapshot {
  const procs = readProcs();
  const snap: CpuSnapshot = new Map();
  for (const proc of procs.values()) {
    let descendant = false;
    for (let p = procs.get(proc.ppid); p; p = procs.get(p.ppid))
      if (p.pid === process.pid) {
        descendant = true;
        break;
      }
    if (!descendant) continue;
    const kind = kindOf(proc, serverPid, procs);
    if (kind) snap.set(proc.pid, { kind, ticks: proc.ticks });
  }
  return snap;
}

/** CPU seconds per kind between two snapshots (a process born in between counts from zero). */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Record<ProcKind, number> {
  const out: Record<ProcKind, number> = { server: 0, renderer: 0, browser: 0, 'other chromium': 0 };
  for (const [pid, a] of after) out[a.kind] += (a.ticks - (before.get(pid)?.ticks ?? 0)) / HZ;
  return out;
}
