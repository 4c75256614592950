/**
 * The admin's view of the device's IndexedDB copy: every entry (as dashboard summaries), every
 * workshop and the Pemda's OPD list, kept current by live queries (a pull from sync, a stage
 * move here). With the admin token, sync pulls all workshops, so this is the whole Pemda, and it
 * works offline. The Pemda's list is a record of the workshops table (core/opd-list.ts): it is
 * kept apart here, never shown as a workshop.
 */
import { isPemdaRecord, pemdaOpdListOf } from '../../../core/opd-list.ts';
import { eachBatch } from '../../db/batches.ts';
import { LiveQuery } from '../../db/live.svelte.ts';
import type { LumbungDb } from '../../db/db.ts';
import type { StoredRecord } from '../../db/types.ts';
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

async function load(d: LumbungDb): Promise<AdminSnapshot> {
  return d.transaction('r', [d.entries, d.workshops], async () => {
    const entries: EntrySummary[] = [];
    // In batches of full records, each turned into a summary before the next is read: never
    // every full record (long texts) at once, and one getAll per batch, not a cursor step per row.
    await eachBatch(d.entries, 1000, (rows: StoredRecord[]) => {
      for (const r of rows) {
        const s = toSummary(r);
        if (s) entries.push(s);
      }
    });
    const all = await d.workshops.toArray();
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
    return { entries, workshops, pemdaOpdList };
  });
}

export class AdminData {
  #q: LiveQuery<AdminSnapshot>;
  constructor(d: LumbungDb) {
    this.#q = new LiveQuery(() => load(d));
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
    return () => this.#q.stop();
  }
}
