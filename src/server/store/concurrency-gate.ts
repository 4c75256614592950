/**
 * At most `n` calls of the gated functions run at once; the others wait their turn in arrival
 * order. A call that throws frees its place like one that returns. (Twelve lines: p-limit would
 * be a new runtime dependency for the same.)
 */
export function concurrencyGate(n: number) {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`concurrencyGate: n must be a positive integer, not ${n}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running < n) running++;
    else await new Promise<void>((resume) => waiting.push(resume));
    try {
      return await fn();
    } finally {
      // Hand the place straight to the next in line, or give it back.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
