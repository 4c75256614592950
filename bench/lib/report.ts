/**
 * What every benchmark prints and saves: a markdown table with the measured value beside its
 * budget and anchor, and the same rows as JSON in bench/results/<name>.json. A missed budget is
 * printed as "OVER BUDGET" beside the number; it never fails the run (speed is reported, not
 * asserted).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { RESULTS_DIR } from './paths.ts';

/** A budget: a ceiling (`max`, e.g. milliseconds) or a floor (`min`, e.g. a score). */
export interface Budget {
  max?: number;
  min?: number;
  /** How the budget reads in the table, e.g. "≤ 80 KB (aim 60)". */
  text: string;
}

export interface Row {
  metric: string;
  /** A number (compared with the budget) or a text (a count, a note). */
  value: number | string | null;
  unit?: string;
  /** Decimals to print (default: by magnitude). */
  decimals?: number;
  budget?: Budget;
  anchor?: string;
}

export interface Table {
  title: string;
  rows: Row[];
  notes?: string[];
}

export function withinBudget(row: Row): boolean | null {
  if (!row.budget || typeof row.value !== 'number') return null;
  if (row.budget.max !== undefined && row.value > row.budget.max) return false;
  if (row.budget.min !== undefined && row.value < row.budget.min) return false;
  return true;
}

function fmtNumber(v: number, decimals?: number): string {
  if (decimals !== undefined) return v.toFixed(decimals);
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function formatValue(row: Row): string {
  if (row.value === null) return 'not measured';
  const base = typeof row.value === 'number' ? fmtNumber(row.value, row.decimals) : row.value;
  const text = row.unit ? `${base} ${row.unit}` : base;
  return withinBudget(row) === false ? `${text} OVER BUDGET` : text;
}

export function formatTable(table: Table): string {
  const head = ['metric', 'measured', 'budget', 'anchor'];
  const body = table.rows.map((r) => [r.metric, formatValue(r), r.budget?.text ?? '', r.anchor ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const out = [`### ${table.title}`, '', line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`];
  for (const b of body) out.push(line(b));
  if (table.notes?.length) out.push('', ...table.notes);
  return out.join('\n');
}

/** Nearest-rank percentile of `samples` (not mutated). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/**
 * How much of one core this process gets right now: a fixed CPU-bound loop, its CPU time over
 * its wall time. 100% on a quiet machine; on a shared one, every number above is slower by
 * roughly its inverse.
 */
export function cpuShare(): number {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 10_000_000; i++) x = (x * 31 + i) % 1_000_003;
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  return x < 0 ? 0 : Math.min(1, (cpu.user + cpu.system) / 1000 / wall);
}

/**
 * Print the tables and save them with the machine they ran on. The result file is the one
 * bench/run.mjs names in BENCH_RESULT_FILE, else bench/results/<name>.json.
 */
export function report(name: string, tables: Table[], extra: Record<string, unknown> = {}): void {
  const load = loadavg().map((l) => l.toFixed(1));
  const share = cpuShare();
  for (const t of tables) console.log(`\n${formatTable(t)}\n`);
  // Numbers from a busy machine are slower than a quiet one's: say how busy it was.
  console.log(
    `(machine: ${cpus().length} cores, load average ${load.join(' / ')} at the end of the run; a CPU-bound loop got ${Math.round(share * 100)}% of a core)`,
  );
  const file = process.env.BENCH_RESULT_FILE ?? join(RESULTS_DIR, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const result = {
    name,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      memMB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
    },
    tables: tables.map((t) => ({
      ...t,
      rows: t.rows.map((r) => ({ ...r, withinBudget: withinBudget(r) })),
    })),
    ...extra,
  };
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`(saved ${file})`);
}
