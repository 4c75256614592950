/**
 * The live in-memory index of this device's entries for "Entri saya": loaded once, rebuilt when
 * Dexie reports a change to entries, outbox, photos or drafts (liveQuery), and searched in memory.
 */
import { db as appDb, type LumbungDb } from '../db/db.ts';
import { LiveQuery } from '../db/live.svelte.ts';
import { deviceId } from '../db/records.ts';
import { loadEntryListData } from '../db/summaries.ts';
import { buildEntryIndex, type EntrySummary } from './entryIndex.ts';

export class EntriesIndex {
  #query = $state.raw<LiveQuery<EntrySummary[]> | null>(null);
  #error = $state.raw<unknown>(null);
  readonly #db: LumbungDb;

  constructor(d: LumbungDb = appDb) {
    this.#db = d;
  }

  get entries(): EntrySummary[] {
    return this.#query?.current ?? [];
  }
  get loading(): boolean {
    return this.#error === null && (this.#query?.loading ?? true);
  }
  get error(): unknown {
    return this.#error ?? this.#query?.error ?? null;
  }

  /** Start listening; returns the cleanup (for an $effect). */
  start(): () => void {
    let stopped = false;
    let q: LiveQuery<EntrySummary[]> | null = null;
    // deviceId may write (first run), so it is read once outside the live query.
    deviceId(this.#db).then(
      (me) => {
        if (stopped) return;
        q = new LiveQuery(async () => buildEntryIndex(await loadEntryListData(this.#db, me)));
        q.start();
        this.#query = q;
      },
      (e: unknown) => {
        this.#error = e;
      },
    );
    return () => {
      stopped = true;
      q?.stop();
    };
  }
}
