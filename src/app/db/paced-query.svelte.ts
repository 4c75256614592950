/**
 * A live query for screens that read a whole table ("Entri saya", the facilitator's room, a
 * printed report): read again when one of its tables changes, but paced. Dexie's liveQuery runs
 * its querier again after every write transaction that touches what it read: a first pull
 * stores 10,000 entries in 21 transactions, and the room open meanwhile made that pull 2.5 times
 * slower; "Entri saya" open during a push of 10,000 (50 pages) made it 7.5 times slower
 * (`BENCH_SCREENS=1 npm run bench -- sync`).
 *
 * A write after a quiet moment (a review saved here) still shows at once. A stream of them is
 * read at its start and again after it, never less than `paceMs` apart (more for a slow read),
 * and the last read always comes after the last write. Writes from other tabs count too (Dexie's
 * `storagemutated` event carries both).
 */
import { Dexie, type ObservabilitySet } from 'dexie';
import type { LumbungDb } from './db.ts';
import { QueryState } from './query-state.svelte.ts';

export class PacedQuery<T> extends QueryState<T> {
  readonly #prefixes: string[];
  readonly #querier: () => Promise<T>;
  readonly #paceMs: number;
  #running = false;
  /** A write came in since the read now running (or the last one) started. */
  #dirty = false;
  #lastStart = -Infinity;
  /** How long the last read took: a slow read is paced further apart (see #schedule). */
  #lastTook = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #active = false;
  readonly #now: () => number;

  constructor(
    db: LumbungDb,
    tables: string[],
    querier: () => Promise<T>,
    opts: { paceMs?: number; now?: () => number } = {},
  ) {
    super();
    this.#prefixes = tables.map((t) => `idb://${db.name}/${t}/`);
    this.#querier = querier;
    this.#paceMs = opts.paceMs ?? 1000;
    this.#now = opts.now ?? (() => performance.now());
  }

  readonly #onMutated = (parts: ObservabilitySet) => {
    if (!Object.keys(parts).some((k) => this.#prefixes.some((p) => k.startsWith(p)))) return;
    this.#dirty = true;
    this.#schedule();
  };

  start(): void {
    if (this.#active) return;
    this.#active = true;
    Dexie.on('storagemutated', this.#onMutated);
    this.#dirty = true;
    this.#schedule();
  }

  stop(): void {
    if (!this.#active) return;
    this.#active = false;
    Dexie.on('storagemutated').unsubscribe(this.#onMutated);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /**
   * Read now if the last read started long enough ago, else when it will have: `paceMs`, or four
   * times what the last read took if that is longer, so that re-reading a big table (10,000
   * entries) takes at most a fifth of the time while a sync streams pages.
   */
  #schedule(): void {
    if (!this.#active || this.#running || !this.#dirty) return;
    const pace = Math.max(this.#paceMs, 4 * this.#lastTook);
    const wait = this.#lastStart + pace - this.#now();
    if (wait > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = null;
        this.#schedule();
      }, wait);
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    void this.#run();
  }

  async #run(): Promise<void> {
    this.#running = true;
    this.#dirty = false;
    this.#lastStart = this.#now();
    try {
      const value = await this.#querier();
      if (this.#active) this.settle(value);
    } catch (e) {
      if (this.#active) this.fail(e);
    } finally {
      this.#lastTook = this.#now() - this.#lastStart;
      this.#running = false;
    }
    // Writes during the read: read again (paced), so the last read follows the last write.
    this.#schedule();
  }
}

/** In a component: a paced query that lives as long as the component. */
export function paced<T>(db: LumbungDb, tables: string[], querier: () => Promise<T>): PacedQuery<T> {
  const q = new PacedQuery(db, tables, querier);
  $effect(() => {
    q.start();
    return () => q.stop();
  });
  return q;
}
