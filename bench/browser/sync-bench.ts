/**
 * Lumbung's own sync in Chromium, on real IndexedDB against the real server (same origin):
 * seed entries through writeRecord, then run the client engine's rounds (createSyncEngine with
 * the fetch transport) until the outbox is empty (push), or on a fresh device until the pull
 * has brought everything (pull).
 */
import { uuidv7 } from '../../src/core/index.ts';
import { db } from '../../src/app/db/db.ts';
import { deviceId, writeRecord } from '../../src/app/db/records.ts';
import { createSyncEngine } from '../../src/app/sync/engine.ts';
import { createTransport } from '../../src/app/sync/transport.ts';
import { entryFields } from './entries.ts';

const BATCH = 500;
const MAX_ROUNDS = 50;

async function seed(n: number): Promise<{ ms: number; outbox: number }> {
  const t0 = performance.now();
  const me = await deviceId(db);
  const base = Date.now() - n * 1000;
  for (let start = 0; start < n; start += BATCH) {
    await db.transaction('rw', [db.entries, db.outbox, db.meta], async () => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const at = base + i * 1000;
        await writeRecord(db, 'entries', uuidv7(at), entryFields(i, me, at));
      }
    });
  }
  return { ms: performance.now() - t0, outbox: await db.outbox.count() };
}

interface Timed {
  ms: number;
  rounds: number;
  requests: number;
  accepted: number;
  pulled: number;
  outbox: number;
  entries: number;
  ok: boolean;
  error: string | null;
}

/**
 * Engine rounds until the outbox is empty (push) or one round completed (pull: a round pulls
 * until the server says there is no more); bounded in rounds.
 */
async function sync(mode: 'push' | 'pull'): Promise<Timed> {
  const engine = createSyncEngine({ db, transport: createTransport({ baseUrl: location.origin }) });
  const out: Timed = {
    ms: 0,
    rounds: 0,
    requests: 0,
    accepted: 0,
    pulled: 0,
    outbox: 0,
    entries: 0,
    ok: true,
    error: null,
  };
  const t0 = performance.now();
  for (let i = 0; i < MAX_ROUNDS; i++) {
    const r = await engine.round();
    out.rounds++;
    out.requests += r.requests;
    out.accepted += r.accepted;
    out.pulled += r.pulled;
    if (!r.ok) {
      out.ok = false;
      out.error = r.error ? `${r.error.code} (${r.error.status})` : 'round failed';
      break;
    }
    const left = await db.outbox.where('state').equals('pending').count();
    if (mode === 'pull' || left === 0) break;
  }
  out.ms = performance.now() - t0;
  out.outbox = await db.outbox.where('state').equals('pending').count();
  out.entries = await db.entries.count();
  return out;
}

const api = { seed, sync, ready: true };
declare global {
  interface Window {
    __sync?: typeof api;
  }
}
window.__sync = api;
