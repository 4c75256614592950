/** Latency bookkeeping and the printed table for the server load bench. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface EngineResult {
  engine: string;
  /** The photo mix (0 devices: text alone): photos stored, MB sent in PUTs, seconds from the
   * first chunk sent to the last photo stored, the PUTs' latencies. */
  photoDevices: number;
  photosStored: number;
  photosExpected: number;
  photoMb: number;
  photoSeconds: number;
  puts: number;
  putP50: number;
  putP99: number;
  /** p99 of the syncs sent while at least one photo upload was in flight, and how many. */
  syncWhilePhotosP99: number;
  syncsWhilePhotos: number;
  /** Registrations and syncs (photo PUTs are counted apart). */
  requests: number;
  syncs: number;
  changes: number;
  errors: number;
  p50: number;
  p99: number;
  /** p99 of /sync alone, and of the syncs sent after every device had arrived. */
  syncP99: number;
  settledSyncP99: number;
  max: number;
  rssMb: number;
  seconds: number;
  cpuSeconds: number;
  /** p99 of the requests sent in each window of the run (see p99ByWindow). */
  windows: WindowP99[];
  /** CPU seconds each process used during the arrivals (the first 2 s). */
  arrivalCpu: { generator: number; server: number; postgres: number };
}

export interface WindowP99 {
  fromMs: number;
  toMs: number;
  requests: number;
  p99: number;
}

/** Window edges in ms after the start: the arrivals in quarters, then the rest of the run. */
export const WINDOW_EDGES = [0, 500, 1000, 1500, 2000, 3000, Infinity];

/**
 * p99 latency of the requests sent in each window. It tells a cold start (the first window slow,
 * the next ones not, at the same arrival rate) from an arrival burst (all arrival windows slow).
 */
export function p99ByWindow(timeline: readonly [number, number][], edges = WINDOW_EDGES): WindowP99[] {
  const out: WindowP99[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [fromMs, toMs] = [edges[i]!, edges[i + 1]!];
    const ms = timeline.filter(([at]) => at >= fromMs && at < toMs).map(([, l]) => l);
    out.push({
      fromMs,
      toMs,
      requests: ms.length,
      p99: percentile(
        ms.sort((a, b) => a - b),
        99,
      ),
    });
  }
  return out;
}

/** One line per engine: the p99 of each window. */
export function printWindows(rows: EngineResult[]): void {
  const label = (w: WindowP99) =>
    w.toMs === Infinity ? `after ${w.fromMs / 1000} s` : `${w.fromMs / 1000}–${w.toMs / 1000} s`;
  console.log('p99 by when the request was sent (requests in the window):');
  for (const r of rows)
    console.log(
      `  ${r.engine}: ${r.windows.map((w) => `${label(w)} ${w.p99.toFixed(0)} ms (${w.requests})`).join(' · ')}`,
    );
  console.log(
    'CPU seconds during the arrivals (first 2 s; 4 s of CPU on 2 cores), generator / server / PostgreSQL:',
  );
  for (const r of rows) {
    const c = r.arrivalCpu;
    console.log(`  ${r.engine}: ${[c.generator, c.server, c.postgres].map((x) => x.toFixed(2)).join(' / ')}`);
  }
}

/** DESIGN.md: server, 200 concurrent devices syncing: p99 ≤ 100 ms, no error, RSS ≤ 200 MB. */
export const BUDGET = { p99Ms: 100, rssMb: 200 };

/** As the other benches mark a missed budget (bench/run.mjs's summary says to look for it). */
const overBudget = (cell: string, over: boolean) => (over ? `${cell} OVER BUDGET` : cell);

/**
 * The photo mix beside the text-only run of the same engine: p99 of /sync alone, and of the
 * syncs sent while photos were flowing, against the same budget.
 */
export function printPhotoTable(rows: EngineResult[]): void {
  const head = [
    'engine',
    'photos stored',
    'MB of photos',
    'first chunk → last photo, s',
    'PUTs',
    'PUT p50 ms',
    'PUT p99 ms',
    'p99 /sync, text only',
    'p99 /sync while photos flow (syncs)',
    'errors',
    'RSS MB (max)',
  ];
  const body: string[][] = [];
  for (const r of rows.filter((x) => x.photoDevices > 0)) {
    const plain = rows.find((x) => x.photoDevices === 0 && r.engine.startsWith(`${x.engine} `));
    const text = plain ? overBudget(plain.syncP99.toFixed(1), plain.syncP99 > BUDGET.p99Ms) : '—';
    body.push([
      r.engine,
      `${r.photosStored} of ${r.photosExpected}`,
      r.photoMb.toFixed(1),
      r.photoSeconds.toFixed(1),
      String(r.puts),
      r.putP50.toFixed(1),
      r.putP99.toFixed(1),
      text,
      `${overBudget(r.syncWhilePhotosP99.toFixed(1), r.syncWhilePhotosP99 > BUDGET.p99Ms)} (${r.syncsWhilePhotos})`,
      overBudget(String(r.errors), r.errors > 0),
      overBudget(r.rssMb.toFixed(0), r.rssMb > BUDGET.rssMb),
    ]);
  }
  console.log('');
  console.log(`Photo mix: p99 of /sync while photos flow, budget ≤ ${BUDGET.p99Ms} ms as without them.`);
  printRows(head, body);
}

function printRows(head: string[], body: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

export function printTable(rows: EngineResult[]): void {
  const head = [
    'engine',
    'requests',
    'p50 ms',
    'p99 ms',
    'p99 /sync',
    'p99 /sync, arrivals done',
    'max ms',
    'errors',
    'RSS MB (max)',
    'req/s',
    'changes/s',
    'server CPU ms/req (PUTs too)',
  ];
  const body = rows.map((r) => [
    r.engine,
    String(r.requests),
    r.p50.toFixed(1),
    overBudget(r.p99.toFixed(1), r.p99 > BUDGET.p99Ms),
    r.syncP99.toFixed(1),
    r.settledSyncP99.toFixed(1),
    r.max.toFixed(1),
    overBudget(String(r.errors), r.errors > 0),
    overBudget(r.rssMb.toFixed(0), r.rssMb > BUDGET.rssMb),
    (r.requests / r.seconds).toFixed(0),
    (r.changes / r.seconds).toFixed(0),
    ((r.cpuSeconds * 1000) / (r.requests + r.puts)).toFixed(1),
  ]);
  printRows(head, body);
}
