/**
 * Pending work that must reach IndexedDB before the page goes away (debounced draft saves).
 * The update prompt, the sync engine and `pagehide` call `flushAll()` first: nothing typed is lost.
 */
type Flush = () => Promise<void>;
const flushes = new Set<Flush>();

export function registerFlush(fn: Flush): () => void {
  flushes.add(fn);
  return () => flushes.delete(fn);
}

export async function flushAll(): Promise<void> {
  await Promise.all([...flushes].map((f) => f()));
}
