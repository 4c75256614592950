/**
 * What the sync indicator shows, as runes state: fed by the scheduler (round start/end, online)
 * and by a live query on the outbox (pending and rejected counts, from any tab).
 */
import type { OutboxCounts } from '../replica/outbox-counts.ts';
import type { RoundResult } from './engine.ts';

export class SyncStatus {
  #lastSyncAt = $state<number | null>(null);
  #pending = $state(0);
  #entries = $state<number | undefined>(undefined);
  #rejected = $state(0);
  #conflicts = $state(0);
  #syncing = $state(false);
  #online = $state(true);
  #lastError = $state<string | null>(null);
  #photos = $state<{ sending: number; total: number } | null>(null);

  get lastSyncAt(): number | null {
    return this.#lastSyncAt;
  }
  get pending(): number {
    return this.#pending;
  }
  /** Entries with a waiting change (undefined: too many changes to tell them apart). */
  get entries(): number | undefined {
    return this.#entries;
  }
  get rejected(): number {
    return this.#rejected;
  }
  /** Entries with a value that lost to a concurrent edit, not restored yet. */
  get conflicts(): number {
    return this.#conflicts;
  }
  get syncing(): boolean {
    return this.#syncing;
  }
  get online(): boolean {
    return this.#online;
  }
  /** Code of the last round's failure (cleared by a successful round). */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** The photo being sent in this round (text goes first, then photos one by one), or null. */
  get photos(): { sending: number; total: number } | null {
    return this.#photos;
  }

  setPhotos(p: { sending: number; total: number } | null): void {
    this.#photos = p;
  }

  setCounts(c: OutboxCounts): void {
    this.#pending = c.pending;
    this.#entries = c.entries;
    this.#rejected = c.rejected;
  }

  setConflicts(entries: number): void {
    this.#conflicts = entries;
  }

  setOnline(online: boolean): void {
    this.#online = online;
  }

  setLastSyncAt(at: number | null): void {
    this.#lastSyncAt = at;
  }

  roundStarted(): void {
    this.#syncing = true;
  }

  roundEnded(r: RoundResult, at: number): void {
    this.#syncing = false;
    this.#photos = null;
    if (r.ok) {
      this.#lastSyncAt = at;
      this.#lastError = null;
    } else {
      this.#lastError = r.error?.code ?? 'sync.internal';
    }
  }
}

export const syncStatus = new SyncStatus();
