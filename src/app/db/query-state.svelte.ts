/**
 * What a screen's query shows, as runes: its latest result, whether the first one is still
 * coming, and a failure (shown, never swallowed). LiveQuery and PacedQuery fill it.
 */
export class QueryState<T> {
  #current = $state.raw<T | undefined>(undefined);
  #loading = $state(true);
  #error = $state.raw<unknown>(null);

  get current(): T | undefined {
    return this.#current;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): unknown {
    return this.#error;
  }

  protected settle(value: T): void {
    this.#current = value;
    this.#loading = false;
    this.#error = null;
  }

  protected fail(e: unknown): void {
    this.#error = e;
    this.#loading = false;
  }
}
