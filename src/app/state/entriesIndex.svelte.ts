/**
 * The live in-memory index of this device's entries for "Entri saya": loaded once, rebuilt when
 * Dexie reports a change to entries, outbox, photos or drafts (liveQuery), and searched in memory.
 */
import { db as appDb, type LumbungDb } from '../db/db.ts';
import { LiveQuery } from '../db/live.svelte.ts';
import { loadEntryListData } from '../db/summaries.ts';
import { myAuthorIds } from '../db/workshop.ts';
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
    // deviceId may write (first run), so the author ids are read once outside the live query.
    // Once joined, entries belong to the person id; the device's own earlier ones still show.
    myAuthorIds(this.#db).then(
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
