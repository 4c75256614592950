/** Latency bookkeeping and the printed table for the server load bench. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface EngineResult {
  engine: string;
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
    'server CPU ms/req',
  ];
  const body = rows.map((r) => [
    r.engine,
    String(r.requests),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.syncP99.toFixed(1),
    r.settledSyncP99.toFixed(1),
    r.max.toFixed(1),
    String(r.errors),
    r.rssMb.toFixed(0),
    (r.requests / r.seconds).toFixed(0),
    (r.changes / r.seconds).toFixed(0),
    ((r.cpuSeconds * 1000) / r.requests).toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}
