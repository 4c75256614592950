/**
 * The room's entries, live: re-read from IndexedDB whenever entries, reviews, photos or the
 * outbox change (a review saved here, an imported file, a sync), at most once a second while a
 * pull streams pages in (PacedQuery), summarised by room.ts.
 */
import type { LumbungDb } from '../../db/db.ts';
import { LiveQuery } from '../../db/live.svelte.ts';
import { PacedQuery } from '../../db/paced-query.svelte.ts';
import { loadEntryDetail, loadRoomData, type EntryDetail } from '../../db/reviews.ts';
import { buildRoom, type RoomEntry } from './room.ts';

export class RoomState {
  readonly #query: PacedQuery<RoomEntry[]>;

  constructor(d: LumbungDb, workshopId: string | null) {
    this.#query = new PacedQuery(
      d,
      ['entries', 'reviews', 'attachments', 'outbox', 'conflicts', 'history'],
      async () => buildRoom(await loadRoomData(d, workshopId)),
    );
  }

  get entries(): RoomEntry[] {
    return this.#query.current ?? [];
  }
  get loading(): boolean {
    return this.#query.loading;
  }
  get error(): unknown {
    return this.#query.error;
  }

  /** Start listening; returns the cleanup (for an $effect). */
  start(): () => void {
    this.#query.start();
    return () => this.#query.stop();
  }
}

/** One entry with its photos, reviews and comments, live. */
export class EntryDetailState {
  readonly #query: LiveQuery<EntryDetail>;

  constructor(d: LumbungDb, entryId: string) {
    this.#query = new LiveQuery(() => loadEntryDetail(d, entryId));
  }

  get current(): EntryDetail | undefined {
    return this.#query.current;
  }
  get loading(): boolean {
    return this.#query.loading;
  }
  get error(): unknown {
    return this.#query.error;
  }

  start(): () => void {
    this.#query.start();
    return () => this.#query.stop();
  }
}
