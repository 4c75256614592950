/**
 * The central office's dashboard numbers, as pure functions over an in-memory array of entry
 * summaries. One pass per question (no sorting of the whole set, no per-entry allocation
 * beyond counters), so 50,000 entries stay fast on a laptop; the screen recomputes them when a
 * filter changes. No Dexie and no DOM here: the unit tests feed plain tables.
 */
import type { DashboardSummary } from '../../db/types.ts';
import type { FieldValue } from '../../../core/record.ts';

/** One entry as the dashboard counts it (cached per entry in `dashboardRows`). */
export type EntrySummary = DashboardSummary;

const str = (v: FieldValue | undefined): string => (typeof v === 'string' ? v.trim() : '');

/** Wall time of a fixed-width HLC stamp ('<15 digits ms>-…'); 0 when missing or malformed. */
export function stampWallTime(stamp: string | undefined): number {
  if (!stamp) return 0;
  const ms = Number(stamp.slice(0, 15));
  return Number.isFinite(ms) ? ms : 0;
}

/** The summary of one stored entry record; null for a deleted or merged-away one. */
export function toSummary(r: {
  id: string;
  fields: Record<string, FieldValue>;
  stamps: Record<string, string>;
}): EntrySummary | null {
  const f = r.fields;
  if (f.deleted === true || (typeof f.mergedInto === 'string' && f.mergedInto !== '')) return null;
  const created = typeof f.createdAt === 'number' ? f.createdAt : 0;
  return {
    id: r.id,
    nama: str(f.nama),
    opd: str(f.opd),
    tahapan: str(f.tahapan),
    bentuk: str(f.bentuk),
    jenis: str(f.jenis),
    urusanUtama: str(f.urusanUtama),
    tematik: str(f.tematik),
    workshopId: str(f.workshopId),
    createdAt: created,
    tahapanAt: stampWallTime(r.stamps.tahapan) || created,
  };
}

/** Year (Asia/Jakarta, UTC+7, no daylight saving) and month key 'yyyy-mm' of a time. */
export function monthKey(ms: number): string {
  const d = new Date(ms + 7 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
export function yearOf(ms: number): number {
  return new Date(ms + 7 * 3600_000).getUTCFullYear();
}

export interface AdminFilter {
  /** '' = all workshops. */
  workshopId: string;
  /** 0 = all years (by createdAt). */
  year: number;
}

export const NO_FILTER: AdminFilter = { workshopId: '', year: 0 };

export function matches(e: EntrySummary, f: AdminFilter): boolean {
  if (f.workshopId && e.workshopId !== f.workshopId) return false;
  if (f.year && yearOf(e.createdAt) !== f.year) return false;
  return true;
}

/** The dimensions the dashboard counts by (each one a bar chart). */
export const DIMENSIONS = ['opd', 'tahapan', 'bentuk', 'jenis', 'urusanUtama', 'tematik'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Bar {
  /** The value ('' = not filled). */
  key: string;
  count: number;
}

export interface Aggregates {
  total: number;
  by: Record<Dimension, Bar[]>;
  /** Entries per month of creation, oldest first, months without entries included (0). */
  months: Bar[];
  /** Of the six urusan wajib pelayanan dasar: how many entries each has (0 = not covered). */
  coverage: Bar[];
  /** OPDs of the given list with no entry (in list order). */
  opdsWithout: string[];
}

/** Bars sorted by count (desc), then by the order of a pick-list when given, then by name. */
function toBars(counts: Map<string, number>, order?: readonly string[]): Bar[] {
  const pos = new Map(order?.map((v, i) => [v, i]));
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        (pos.get(a.key) ?? 1e9) - (pos.get(b.key) ?? 1e9) ||
        a.key.localeCompare(b.key, 'id'),
    );
}

/** Months from the first to the last key ('yyyy-mm'), filling the gaps with 0. */
function monthBars(counts: Map<string, number>): Bar[] {
  const keys = [...counts.keys()].filter((k) => k !== '').sort();
  if (keys.length === 0) return [];
  const out: Bar[] = [];
  let [y, m] = keys[0]!.split('-').map(Number) as [number, number];
  const last = keys[keys.length - 1]!;
  // At most 50 years of months: a wild createdAt must not make the loop run away.
  for (let i = 0; i < 600; i++) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ key: k, count: counts.get(k) ?? 0 });
    if (k >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export interface AggregateOptions {
  /** The Pemda's OPD list, for "OPDs with no innovation". */
  opdList?: readonly string[];
  /** The six urusan wajib pelayanan dasar. */
  basicServices?: readonly string[];
  /** Pick-list orders to break ties in a stable, familiar order. */
  orders?: Partial<Record<Dimension, readonly string[]>>;
}

/** Every dashboard number in ONE pass over the entries that match the filter. */
export function aggregate(
  entries: readonly EntrySummary[],
  filter: AdminFilter,
  o: AggregateOptions = {},
): Aggregates {
  const maps = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, number>()])) as Record<
    Dimension,
    Map<string, number>
  >;
  const months = new Map<string, number>();
  let total = 0;
  for (const e of entries) {
    if (!matches(e, filter)) continue;
    total++;
    for (const d of DIMENSIONS) {
      const m = maps[d];
      const k = e[d];
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    if (e.createdAt > 0) {
      const k = monthKey(e.createdAt);
      months.set(k, (months.get(k) ?? 0) + 1);
    }
  }
  const by = Object.fromEntries(DIMENSIONS.map((d) => [d, toBars(maps[d], o.orders?.[d])])) as Record<
    Dimension,
    Bar[]
  >;
  const coverage = (o.basicServices ?? []).map((key) => ({ key, count: maps.urusanUtama.get(key) ?? 0 }));
  const opdsWithout = (o.opdList ?? []).filter((opd) => !maps.opd.has(opd));
  return { total, by, months: monthBars(months), coverage, opdsWithout };
}

/** Years that entries were created in, newest first (for the year filter). */
export function yearsOf(entries: readonly EntrySummary[]): number[] {
  const ys = new Set<number>();
  for (const e of entries) if (e.createdAt > 0) ys.add(yearOf(e.createdAt));
  return [...ys].sort((a, b) => b - a);
}

/** A drill-down: the entry list's own filter (one dimension value, or a month of creation). */
export interface ListFilter extends AdminFilter {
  dim: Dimension | 'month' | null;
  value: string;
}

export function listEntries(entries: readonly EntrySummary[], f: ListFilter): EntrySummary[] {
  const out: EntrySummary[] = [];
  for (const e of entries) {
    if (!matches(e, f)) continue;
    if (f.dim === 'month' && (e.createdAt <= 0 || monthKey(e.createdAt) !== f.value)) continue;
    if (f.dim && f.dim !== 'month' && e[f.dim] !== f.value) continue;
    out.push(e);
  }
  return out.sort((a, b) => a.opd.localeCompare(b.opd, 'id') || a.nama.localeCompare(b.nama, 'id'));
}
