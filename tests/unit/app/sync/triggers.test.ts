/** The round scheduler with fake timers, a fake engine and a fake lock: when rounds run. */
import type { RoundResult, SyncEngine } from '$src/app/sync/engine.ts';
import { SyncError } from '$src/app/sync/transport.ts';
import { WRITE_DELAY_MS, createScheduler, webLock, type SchedulerDeps } from '$src/app/sync/triggers.ts';

const OK: RoundResult = {
  ok: true,
  accepted: 0,
  rejected: 0,
  pulled: 0,
  restamped: 0,
  downloaded: 0,
  requests: 1,
};

function fakeEngine(results: RoundResult[]) {
  let failures = 0;
  const calls: number[] = [];
  const engine: SyncEngine = {
    async round() {
      calls.push(calls.length);
      const r = results.shift() ?? OK;
      failures = r.ok ? 0 : failures + 1;
      return r;
    },
    get failures() {
      return failures;
    },
    retryDelay: () => 1000 * 2 ** failures,
  };
  return { engine, calls };
}

function timers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let id = 0;
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      pending.set(++id, { fn, ms });
      return id;
    },
    clearTimer: (h: unknown) => void pending.delete(h as number),
    async fire(): Promise<void> {
      const [[k, v]] = [...pending.entries()] as [[number, { fn: () => void; ms: number }]];
      pending.delete(k);
      v.fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

function deps(engine: SyncEngine, over: Partial<SchedulerDeps> = {}) {
  const tm = timers();
  let online = true;
  const flushed: number[] = [];
  const d: SchedulerDeps = {
    engine,
    flush: async () => void flushed.push(1),
    isOnline: () => online,
    withLock: async (fn) => {
      await fn();
      return true;
    },
    setTimer: tm.setTimer,
    clearTimer: tm.clearTimer,
    ...over,
  };
  return { d, tm, flushed, setOnline: (v: boolean) => (online = v) };
}

describe('sync scheduler', () => {
  it('flushes drafts before each round and runs one round per request', async () => {
    const { engine, calls } = fakeEngine([]);
    const { d, flushed } = deps(engine);
    const s = createScheduler(d);
    await s.request('start');
    expect(calls).toHaveLength(1);
    expect(flushed).toHaveLength(1);
  });

  it('does not run automatically while offline, but a manual tap tries', async () => {
    const { engine, calls } = fakeEngine([]);
    const { d, setOnline } = deps(engine);
    setOnline(false);
    const s = createScheduler(d);
    await s.request('start');
    await s.request('visible');
    expect(calls).toHaveLength(0);
    await s.request('manual');
    expect(calls).toHaveLength(1);
  });

  it('a request during a round runs exactly one more round after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { engine, calls } = fakeEngine([]);
    const slow: SyncEngine = {
      ...engine,
      round: async () => (await gate, engine.round()),
      retryDelay: engine.retryDelay,
      failures: 0,
    };
    const { d } = deps(slow);
    const s = createScheduler(d);
    const p1 = s.request('start');
    void s.request('online');
    void s.request('visible');
    release();
    await p1;
    expect(calls).toHaveLength(2);
  });

  it('retries after a retryable failure with the engine backoff, not after a 4xx', async () => {
    const net = new SyncError('sync.net.offline', 0, true);
    const bad = new SyncError('api.forbidden', 403, false);
    const { engine, calls } = fakeEngine([
      { ...OK, ok: false, error: net },
      { ...OK, ok: false, error: net },
      { ...OK, ok: false, error: bad },
    ]);
    const wakeups: number[] = [];
    const { d, tm } = deps(engine, { onRetryableFailure: () => void wakeups.push(1) });
    const s = createScheduler(d);
    await s.request('start');
    expect([...tm.pending.values()].map((x) => x.ms)).toEqual([2000]);
    await tm.fire();
    expect(calls).toHaveLength(2);
    expect([...tm.pending.values()].map((x) => x.ms)).toEqual([4000]);
    await tm.fire();
    expect(calls).toHaveLength(3);
    expect(tm.pending.size).toBe(0);
    expect(wakeups).toHaveLength(2);
  });

  it('a write schedules one round WRITE_DELAY_MS after the last write', async () => {
    const { engine, calls } = fakeEngine([]);
    const { d, tm } = deps(engine);
    const s = createScheduler(d);
    s.noteWrite();
    s.noteWrite();
    s.noteWrite();
    expect([...tm.pending.values()].map((x) => x.ms)).toEqual([WRITE_DELAY_MS]);
    await tm.fire();
    expect(calls).toHaveLength(1);
  });

  it('skips the round when another tab holds the lock', async () => {
    const { engine, calls } = fakeEngine([]);
    const { d } = deps(engine, { withLock: async () => false });
    await createScheduler(d).request('start');
    expect(calls).toHaveLength(0);
  });

  it('webLock runs the function when Web Locks are missing, and only when the lock is free otherwise', async () => {
    const nav = globalThis.navigator as unknown as { locks?: unknown };
    const saved = nav.locks;
    try {
      Object.defineProperty(nav, 'locks', { value: undefined, configurable: true });
      let ran = 0;
      expect(await webLock('x')(async () => void ran++)).toBe(true);
      let held = false;
      Object.defineProperty(nav, 'locks', {
        configurable: true,
        value: {
          request: async (_n: string, _o: unknown, cb: (l: unknown) => Promise<unknown>) => {
            if (held) return cb(null);
            held = true;
            try {
              return await cb({});
            } finally {
              held = false;
            }
          },
        },
      });
      const inner = webLock('x')(async () => {
        ran++;
        expect(await webLock('x')(async () => void ran++)).toBe(false);
      });
      expect(await inner).toBe(true);
      expect(ran).toBe(2);
    } finally {
      Object.defineProperty(nav, 'locks', { value: saved, configurable: true });
    }
  });
});
