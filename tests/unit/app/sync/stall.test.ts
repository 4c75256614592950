/**
 * Bounded waiting (issue 23): every request has a time budget sized from its bytes and the
 * measured link speed; a stalled request is abandoned, and a photo chunk is tried again after a
 * backoff, going on from the bytes the server holds. Timers are fakes the test fires by hand:
 * nothing here depends on how fast the machine is.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { createHash } from 'node:crypto';
import { LinkSpeed, BASE_BUDGET_MS, FLOOR_BYTES_PER_S } from '$src/app/sync/link-speed.ts';
import { createTransport, SyncError, type FetchLike, type Timers } from '$src/app/sync/transport.ts';
import { inProcessServer, type InProcessServer } from '../../../fault/harness.ts';

/** Timers that only fire when the test says so. */
function fakeTimers() {
  const pending = new Set<{ fn: () => void; ms: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const t = { fn, ms };
      pending.add(t);
      return t;
    },
    clearTimeout(h) {
      pending.delete(h as { fn: () => void; ms: number });
    },
  };
  /** Fire the pending timer whose delay `pick` chooses (the only one when there is one). */
  const fire = (pick: (ms: number) => boolean = () => true) => {
    const t = [...pending].find((x) => pick(x.ms));
    if (!t) throw new Error(`no timer to fire among ${[...pending].map((x) => x.ms).join(', ')}`);
    pending.delete(t);
    t.fn();
    return t.ms;
  };
  return { timers, pending, fire };
}

/** A fetch that never answers, until its signal aborts it (as a dead Wi-Fi behaves). */
function stall(init: RequestInit | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
};

describe('LinkSpeed', () => {
  it('gives a request time for its bytes at the measured speed, and sizes chunks from it', () => {
    const link = new LinkSpeed();
    // Nothing measured: planned for the floor speed.
    expect(link.budgetMs(0)).toBe(BASE_BUDGET_MS);
    expect(link.budgetMs(40_000)).toBe(BASE_BUDGET_MS + (40_000 * 1000) / FLOOR_BYTES_PER_S);
    // Measured 50 KB/s (slow 3G): a 300 KB photo may take three times its travel, plus the base.
    link.sample(300_000, 6_000);
    expect(link.bytesPerS).toBe(50_000);
    expect(link.budgetMs(300_000)).toBe(BASE_BUDGET_MS + 18_000);
    expect(link.chunkBytes()).toBe(200_000);
    // A link that got much slower is believed at once.
    link.sample(100_000, 20_000);
    expect(link.bytesPerS).toBe(5_000);
    // Small requests say nothing about speed.
    link.sample(1_000, 10_000);
    expect(link.bytesPerS).toBe(5_000);
  });
});

describe('stalled requests', () => {
  let server: InProcessServer;
  beforeEach(async () => {
    server = await inProcessServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('a stalled sync request is abandoned when its budget runs out, as a retryable timeout', async () => {
    const { timers, pending, fire } = fakeTimers();
    const t = createTransport({ baseUrl: 'http://x', fetch: (_u, init) => stall(init), timers });
    const req = t.sync('t'.repeat(64), { deviceId: 'dev-1', since: 0, changes: [] });
    const outcome = req.then(
      () => null,
      (e: unknown) => e,
    );
    await until(() => pending.size === 1);
    // A request of a few bytes gets the base budget and hardly more.
    const budget = fire();
    expect(budget).toBeGreaterThanOrEqual(BASE_BUDGET_MS);
    expect(budget).toBeLessThan(BASE_BUDGET_MS + 1_000);
    const err = await outcome;
    expect(err).toBeInstanceOf(SyncError);
    expect(err).toMatchObject({ code: 'sync.net.timeout', retryable: true });
  });

  it('a photo chunk that stalls is abandoned, tried again after a backoff, and the upload goes on from what the server holds', async () => {
    const { timers, pending, fire } = fakeTimers();
    // Larger than a first chunk and the largest chunk together: the lost chunk is never the last.
    const photo = new Uint8Array(2_500_000).map((_, i) => (i * 7) % 251);
    photo.set([0xff, 0xd8, 0xff], 0);
    const sha = createHash('sha256').update(photo).digest('hex');
    const puts: { range: string | null; bytes: number }[] = [];
    let stalled = 0;
    const fetch: FetchLike = async (input, init) => {
      if (init?.method === 'PUT') {
        const range = new Headers(init.headers).get('content-range');
        puts.push({ range, bytes: (init.body as ArrayBuffer).byteLength });
        // The second chunk reaches the server, but its answer never comes back.
        if (puts.length === 2) {
          await server.fetch(input, { ...init, signal: null });
          stalled++;
          return stall(init);
        }
      }
      return server.fetch(input, init);
    };
    const t = createTransport({ baseUrl: 'http://x', fetch, timers });
    const { token } = await t.register('dev-stall', undefined, 'a'.repeat(64));
    const upload = t.putBlob(token, sha, new NodeBlob([photo]) as unknown as Blob, 'image/jpeg');
    const outcome = upload.then(
      () => null,
      (e: unknown) => e,
    );
    await until(() => stalled === 1 && pending.size === 1);
    fire(); // the stalled chunk's budget: abandoned
    await until(() => pending.size === 1);
    const backoff = fire(); // the backoff before trying again
    expect(backoff).toBeGreaterThanOrEqual(500);
    expect(await outcome).toBeNull();
    // Chunk 1, chunk 2 (its answer lost), chunk 2 again (409: the server holds it), then on from
    // the end of chunk 2: the chunk whose answer was lost is the only byte sent twice.
    const start = (i: number) => Number(puts[i]!.range!.split(' ')[1]!.split('-')[0]);
    expect(start(0)).toBe(0);
    expect(start(1)).toBe(puts[0]!.bytes);
    expect(start(2)).toBe(start(1));
    expect(start(3)).toBe(start(1) + puts[1]!.bytes);
    const sent = puts.reduce((n, p) => n + p.bytes, 0);
    expect(sent - photo.length).toBe(puts[1]!.bytes);
    const meta = await server.store.getBlobMeta(sha);
    expect(meta).toMatchObject({ sha256: sha, size: photo.length });
  });
});
