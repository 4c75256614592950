/**
 * liveQuery → runes. `current` holds the query's latest result, `loading` is true until the
 * first one, `error` holds a failure (shown, never swallowed). Dexie re-runs the querier when a
 * table it read changes — from this tab, another tab or the sync engine. The querier must read
 * no reactive state: we subscribe once, explicitly, and resubscribe only via `restart()`
 * (the official adapter re-subscribes from an effect and can stop updating: Dexie.js #2231).
 */
import { liveQuery, type Subscription } from 'dexie';
import { QueryState } from './query-state.svelte.ts';

export class LiveQuery<T> extends QueryState<T> {
  #sub: Subscription | null = null;
  readonly #querier: () => Promise<T>;

  constructor(querier: () => Promise<T>) {
    super();
    this.#querier = querier;
  }

  start(): void {
    if (this.#sub) return;
    this.#sub = liveQuery(this.#querier).subscribe({
      next: (v) => this.settle(v),
      error: (e: unknown) => this.fail(e),
    });
  }

  stop(): void {
    this.#sub?.unsubscribe();
    this.#sub = null;
  }

  restart(): void {
    this.stop();
    this.start();
  }
}

/** In a component: a live query that lives as long as the component. */
export function live<T>(querier: () => Promise<T>): LiveQuery<T> {
  const q = new LiveQuery(querier);
  $effect(() => {
    q.start();
    return () => q.stop();
  });
  return q;
}
