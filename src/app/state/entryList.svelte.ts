/**
 * The live list of this device's entries for "Entri saya" (its summaries and search are
 * entrySearch.ts). The newest page is read first (one indexed query, so the list shows at once
 * however many entries the device holds); the full index follows, from a small cached row per
 * entry (db/summaries.ts), and stays live: read again when entries, outbox, photos or drafts
 * change, at most once a second while a sync
 * streams pages (PacedQuery: with the list open, re-reading after each of the 50 pages of a
 * 10,000-entry push made it take 16.5 s instead of 2.2 s). Search and filters work in memory.
 */
import { db as appDb, type LumbungDb } from '../db/db.ts';
import { PacedQuery } from '../db/paced-query.svelte.ts';
import { saveRowsSoon } from '../db/row-cache.ts';
import { ENTRY_ROWS, loadEntryListData, loadEntryListHead } from '../db/summaries.ts';
import { listAuthorIds } from '../db/workshop.ts';
import { buildEntryIndex, type EntrySummary } from './entrySearch.ts';

export class EntryList {
  #query = $state.raw<PacedQuery<EntrySummary[]> | null>(null);
  #head = $state.raw<EntrySummary[] | null>(null);
  #error = $state.raw<unknown>(null);
  readonly #db: LumbungDb;
  readonly #headSize: number;

  /** `headSize`: how many of the newest entries to show before the full index is read. */
  constructor(d: LumbungDb = appDb, headSize = 100) {
    this.#db = d;
    this.#headSize = headSize;
  }

  /** The full index once read, until then the newest page. */
  get entries(): EntrySummary[] {
    return this.#query?.current ?? this.#head ?? [];
  }
  /** True until anything is known (neither the newest page nor the full index). */
  get loading(): boolean {
    return this.error === null && this.#head === null && this.#query?.current === undefined;
  }
  /** True once every entry is in the index (search, filters and the count are complete). */
  get complete(): boolean {
    return this.#query?.current !== undefined;
  }
  get error(): unknown {
    return this.#error ?? this.#query?.error ?? null;
  }

  /** Start listening; returns the cleanup (for an $effect). */
  start(): () => void {
    let stopped = false;
    let q: PacedQuery<EntrySummary[]> | null = null;
    // deviceId may write (first run), so the author ids are read once outside the live query.
    // Once joined, entries belong to the person id; the device's own earlier ones still show.
    // Before joining, every entry on the device shows (imported ones too).
    listAuthorIds(this.#db)
      .then(async (me) => {
        if (stopped) return;
        const head = buildEntryIndex(await loadEntryListHead(this.#db, me, this.#headSize));
        if (stopped) return;
        this.#head = head;
        // Not meta: the row cache's own mark there is written with entryRows.
        const tables = [
          'entries',
          'entryRows',
          'outbox',
          'attachments',
          'drafts',
          'conflicts',
          'history',
          'reviews',
        ];
        q = new PacedQuery(this.#db, tables, async () => {
          const data = await loadEntryListData(this.#db, me);
          // Brought up to date just after the read (its write wakes the query once more, and
          // that read finds nothing to store).
          saveRowsSoon(this.#db, ENTRY_ROWS, data.update);
          return buildEntryIndex(data);
        });
        q.start();
        this.#query = q;
      })
      .catch((e: unknown) => {
        this.#error = e;
      });
    return () => {
      stopped = true;
      q?.stop();
    };
  }
}
