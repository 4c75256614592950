/**
 * At most `running` password checks at once in this process, at most `waiting` more queued; any
 * further one is refused at once (BUSY → 429) instead of piling up. scrypt runs on
 * libuv's thread pool (4 threads), which gzip and photo file I/O share: a burst of sign-ins that
 * took every thread slowed a facilitator's pull from 6 ms to 10 s. One check at N = 2^17 also
 * holds 64 MiB while it runs, so few at once keeps the server inside its memory budget.
 * A browser the admin signed in from before goes to the front of the queue and is never turned
 * away for a full queue (its own per-device limit bounds it).
 */
export const BUSY: unique symbol = Symbol('password checks busy');

export type PasswordGate = <T>(priority: boolean, fn: () => Promise<T>) => Promise<T | typeof BUSY>;

export function passwordGate(running: number, waiting: number): PasswordGate {
  if (!Number.isInteger(running) || running < 1) throw new Error(`passwordGate: running must be ≥ 1`);
  let busy = 0;
  const queue: (() => void)[] = [];
  return async (priority, fn) => {
    if (busy < running) busy++;
    else {
      if (!priority && queue.length >= waiting) return BUSY;
      await new Promise<void>((resume) => (priority ? queue.unshift(resume) : queue.push(resume)));
    }
    try {
      return await fn();
    } finally {
      // Hand the place straight to the next in line, or give it back.
      const next = queue.shift();
      if (next) next();
      else busy--;
    }
  };
}
