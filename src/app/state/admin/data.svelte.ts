/**
 * The admin's view of the device's IndexedDB copy: every entry (as dashboard summaries), every
 * workshop and the Pemda's OPD list, kept current by live queries (a pull from sync, a stage
 * move here). With the admin token, sync pulls all workshops, so this is the whole Pemda, and it
 * works offline. The Pemda's list is a record of the workshops table (core/opd-list.ts): it is
 * kept apart here, never shown as a workshop.
 */
import { isPemdaRecord, pemdaOpdListOf } from '../../../core/opd-list.ts';
import { saveRowsSoon, type RowCache, type RowCacheUpdate } from '../../db/row-cache.ts';
import { LiveQuery } from '../../db/live.svelte.ts';
import type { LumbungDb } from '../../db/db.ts';
import type { DashboardRow } from '../../db/types.ts';
import { iidReadyEntryIds } from '../../db/evidence.ts';
import { readDashboard } from '../../replica/read.ts';
import { toSummary, type EntrySummary } from './aggregate.ts';

export interface WorkshopInfo {
  id: string;
  nama: string;
  opdList: string[];
}

export interface AdminSnapshot {
  entries: EntrySummary[];
  workshops: WorkshopInfo[];
  /** The Pemda's OPD list as last synced; null when the admins never set one. */
  pemdaOpdList: string[] | null;
}

/** One cached row per entry: the dashboard reads ~11 short fields per entry, not 50,000 merge
 * documents with their long texts (db/row-cache.ts). */
export const DASHBOARD_ROWS: RowCache<DashboardRow> = {
  table: (d) => d.dashboardRows,
  upToKey: 'dashboardRowsUpTo',
  rowOf: (r) => ({ id: r.id, updatedAt: r.updatedAt, summary: toSummary(r) }),
  same: (a, b) => a.updatedAt === b.updatedAt && JSON.stringify(a.summary) === JSON.stringify(b.summary),
};

async function load(d: LumbungDb): Promise<AdminSnapshot & { update: RowCacheUpdate<DashboardRow> }> {
  const { rows, update, workshops: all } = await readDashboard(d, DASHBOARD_ROWS);
  const entries: EntrySummary[] = [];
  for (const r of rows) if (r.summary) entries.push(r.summary);
  const pemdaOpdList = pemdaOpdListOf(all.find((w) => isPemdaRecord(w.id)));
  const workshops = all
    .filter((w) => w.fields.deleted !== true && !isPemdaRecord(w.id))
    .map((w) => ({
      id: w.id,
      nama: typeof w.fields.nama === 'string' ? w.fields.nama : w.id,
      opdList: Array.isArray(w.fields.opdList)
        ? w.fields.opdList.filter((x): x is string => typeof x === 'string')
        : [],
    }));
  return { entries, workshops, pemdaOpdList, update };
}

/** Until the readiness query answers: no entry is ready (a plain set, never changed). */
const NONE_READY: ReadonlySet<string> = new Set<string>();

export class AdminData {
  #q: LiveQuery<AdminSnapshot>;
  /** Entries "siap diunggah ke IID": a query of its own, over evidence records (db/evidence.ts). */
  #ready: LiveQuery<Set<string>>;
  constructor(d: LumbungDb) {
    this.#ready = new LiveQuery(() => iidReadyEntryIds(d));
    this.#q = new LiveQuery(async () => {
      const snapshot = await load(d);
      // The live query may not write: the row cache is brought up to date just after.
      saveRowsSoon(d, DASHBOARD_ROWS, snapshot.update);
      return snapshot;
    });
  }
  get loading(): boolean {
    return this.#q.loading;
  }
  get error(): unknown {
    return this.#q.error;
  }
  get entries(): EntrySummary[] {
    return this.#q.current?.entries ?? [];
  }
  get workshops(): WorkshopInfo[] {
    return this.#q.current?.workshops ?? [];
  }
  get iidReady(): ReadonlySet<string> {
    return this.#ready.current ?? NONE_READY;
  }
  get pemdaOpdList(): string[] | null {
    return this.#q.current?.pemdaOpdList ?? null;
  }
  /** The OPD list: the chosen workshop's; for all workshops the Pemda's list when the admins set
   * one, else every workshop's lists together (first seen order). */
  opdList(workshopId: string): string[] {
    const pemda = this.pemdaOpdList;
    if (!workshopId && pemda && pemda.length > 0) return pemda;
    const out: string[] = [];
    for (const w of this.workshops)
      if (!workshopId || w.id === workshopId) for (const o of w.opdList) if (!out.includes(o)) out.push(o);
    return out;
  }
  /** Start the live query; returns the cleanup (for an $effect). */
  start(): () => void {
    this.#q.start();
    this.#ready.start();
    return () => {
      this.#q.stop();
      this.#ready.stop();
    };
  }
}
