/**
 * Lumbung's own sync in Chromium, on real IndexedDB against the real server (same origin):
 * join a workshop (POST /api/v1/join, the token stored where the engine keeps it), seed entries
 * of that workshop through writeRecord, then run the client engine's rounds (createSyncEngine with
 * the fetch transport) until the outbox is empty (push), or on a fresh device until the pull
 * has brought everything (pull).
 */
import { uuidv7 } from '../../src/core/index.ts';
import { db } from '../../src/app/db/db.ts';
import { deviceId } from '../../src/app/replica/device.ts';
import { writeRecord } from '../../src/app/replica/local-write.ts';
import { setToken } from '../../src/app/replica/sync-state.ts';
import { createSyncEngine } from '../../src/app/sync/engine.ts';
import { join as joinWorkshop } from '../../src/app/sync/join.ts';
import { createTransport } from '../../src/app/sync/transport.ts';
import { EntryList } from '../../src/app/state/entryList.svelte.ts';
import { RoomState } from '../../src/app/state/facilitator/room.svelte.ts';
import { entryFields } from './entries.ts';
import { idbFloor } from './idb-floor.ts';

const BATCH = 500;
const MAX_ROUNDS = 50;

interface Joined {
  role: 'participant' | 'facilitator';
  personId: string;
  workshopId: string;
}

/**
 * Join the workshop of `code` as this device: the server scopes what a device may write and read
 * to its workshop (issue 4). Only the token is kept (as the join screen does, in syncstate); the
 * rest of the session is not needed to sync.
 */
async function join(code: string, name: string): Promise<Joined> {
  const a = await joinWorkshop({ code, name, deviceId: await deviceId(db) }, { baseUrl: location.origin });
  await setToken(db, a.token);
  return { role: a.role, personId: a.personId, workshopId: a.workshop.id };
}

/** Seed `n` entries of the joined workshop, authored by the joined person. */
async function seed(n: number, as: Joined): Promise<{ ms: number; outbox: number }> {
  const t0 = performance.now();
  const base = Date.now() - n * 1000;
  for (let start = 0; start < n; start += BATCH) {
    await db.transaction('rw', [db.entries, db.outbox, db.meta], async () => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const at = base + i * 1000;
        await writeRecord(db, 'entries', uuidv7(at), {
          ...entryFields(i, as.personId, at),
          workshopId: as.workshopId,
        });
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
  /** Changes the server refused (e.g. a permission of the workshop scope): never a silent pass. */
  rejected: number;
  entries: number;
  ok: boolean;
  error: string | null;
}

/**
 * Engine rounds until the outbox is empty (push) or one round completed (pull: a round pulls
 * until the server says there is no more); bounded in rounds.
 */
/**
 * `screenOpen`: the screen each person would have open meanwhile follows the database live: the
 * participant's "Entri saya" while pushing, the facilitator's room while pulling.
 */
async function sync(mode: 'push' | 'pull', screenOpen = false): Promise<Timed> {
  const screen = screenOpen ? (mode === 'pull' ? new RoomState(db, null) : new EntryList(db)) : null;
  const closeScreen = screen?.start();
  const engine = createSyncEngine({ db, transport: createTransport({ baseUrl: location.origin }) });
  const out: Timed = {
    ms: 0,
    rounds: 0,
    requests: 0,
    accepted: 0,
    pulled: 0,
    outbox: 0,
    rejected: 0,
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
  closeScreen?.();
  out.outbox = await db.outbox.where('state').equals('pending').count();
  out.rejected = await db.outbox.where('state').equals('rejected').count();
  out.entries = await db.entries.count();
  return out;
}

const api = { join, seed, sync, floor: idbFloor, ready: true };
declare global {
  interface Window {
    __sync?: typeof api;
  }
}
window.__sync = api;
