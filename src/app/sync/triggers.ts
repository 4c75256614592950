/**
 * When rounds run. Triggers ask (`request`); the scheduler decides: nothing automatic while the
 * browser says it is offline (a manual tap still tries), one round at a time in this tab (a
 * request during a round runs one more round after it), one tab at a time through Web Locks,
 * drafts flushed first, and after a network or 5xx failure a retry with exponential backoff and
 * full jitter. Browser APIs are injected, so tests drive it with fakes.
 */
import type { RoundResult, SyncEngine } from './engine.ts';

export type Reason = 'start' | 'online' | 'visible' | 'write' | 'manual' | 'wakeup' | 'retry';

/** A local write is followed by a round this long after the last one (edits come in bursts). */
export const WRITE_DELAY_MS = 3_000;

export interface SchedulerDeps {
  engine: SyncEngine;
  /** Pending debounced saves (flushAll): drafts saved a moment ago go in this round. */
  flush: () => Promise<void>;
  isOnline: () => boolean;
  /** Run `fn` holding the cross-tab lock; resolve false without running when another tab has it. */
  withLock: (fn: () => Promise<void>) => Promise<boolean>;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  onStart?: () => void;
  onEnd?: (r: RoundResult) => void;
  /** After a failure for lack of network: ask the browser for a Background Sync wake-up. */
  onRetryableFailure?: () => void;
}

export interface Scheduler {
  request(reason: Reason): Promise<void>;
  /** A local write happened: run a round WRITE_DELAY_MS after the last write. */
  noteWrite(): void;
  stop(): void;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let retryTimer: unknown = null;
  let writeTimer: unknown = null;

  function clear(handle: unknown): null {
    if (handle !== null) deps.clearTimer(handle);
    return null;
  }

  async function once(): Promise<void> {
    await deps.flush();
    const ran = await deps.withLock(async () => {
      deps.onStart?.();
      const r = await deps.engine.round();
      deps.onEnd?.(r);
      if (r.error?.retryable && !stopped) {
        retryTimer = clear(retryTimer);
        retryTimer = deps.setTimer(() => {
          retryTimer = null;
          void request('retry');
        }, deps.engine.retryDelay());
        deps.onRetryableFailure?.();
      }
    });
    // Another tab holds the lock and is syncing the same database: nothing to do here.
    void ran;
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      await once();
    } while (again && !stopped);
  }

  function request(reason: Reason): Promise<void> {
    if (stopped) return Promise.resolve();
    if (reason !== 'manual' && !deps.isOnline()) return Promise.resolve();
    if (reason !== 'retry') retryTimer = clear(retryTimer);
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    request,
    noteWrite() {
      if (stopped) return;
      writeTimer = clear(writeTimer);
      writeTimer = deps.setTimer(() => {
        writeTimer = null;
        void request('write');
      }, WRITE_DELAY_MS);
    },
    stop() {
      stopped = true;
      retryTimer = clear(retryTimer);
      writeTimer = clear(writeTimer);
    },
  };
}

/** Web Locks when the browser has them (one tab syncs), otherwise just run. */
export function webLock(name: string): SchedulerDeps['withLock'] {
  return async (fn) => {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks?.request) {
      await fn();
      return true;
    }
    return locks.request(name, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await fn();
      return true;
    });
  };
}
