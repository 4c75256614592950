/**
 * The floor under the sync trip: the IndexedDB work it cannot avoid, done with the bare API and
 * nothing else (no Dexie, no network, no server, no merge). The push side reads the outbox in
 * pages of 200 and deletes each page once sent; the pull side writes the entries in pages of
 * 500, one transaction each. The stores are the app's own (opened by db.ts, then used through
 * the bare IDBDatabase underneath, past Dexie and its middleware) and the rows
 * are what the app stores for these entries (one stamp per write, packed by stamp-codec.ts), so
 * the time is what this Chromium on this machine needs for the bytes the trip moves in and out
 * of IndexedDB. As in the trip, the pushing device holds its entries beside their outbox rows
 * (written before the clock starts, as the seeding does; measured, a database holding them costs
 * the push's reads and deletes about half as much again as one holding the outbox alone), and
 * the pull writes into a fresh device's empty database.
 */
import { encodeHlc, uuidv7 } from '../../src/core/index.ts';
import { openDb } from '../../src/app/db/db.ts';
import { packStamps } from '../../src/core/shared-stamps.ts';
import { entryFields } from './entries.ts';

const PUSH_PAGE = 200;
const PULL_PAGE = 500;

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** The n entries as the app holds them: one write each, every field on its stamp. */
function documents(n: number, personId: string, workshopId: string) {
  const node = uuidv7();
  const base = Date.now() - n * 1000;
  return Array.from({ length: n }, (_, i) => {
    const at = base + i * 1000;
    const fields = { ...entryFields(i, personId, at), workshopId };
    const stamp = encodeHlc({ wall: at, counter: 0, node });
    const names = Object.keys(fields);
    return {
      changeId: uuidv7(at),
      id: uuidv7(at),
      at,
      fields,
      stamps: Object.fromEntries(names.map((f) => [f, stamp])),
      bases: Object.fromEntries(names.map((f) => [f, null])),
    };
  });
}

/**
 * The databases `fill` made: the pushing device's (its entries and their outbox rows, as the
 * seeding leaves them) and a fresh device's (empty), and the documents they hold.
 */
let open: {
  pusher: ReturnType<typeof openDb>;
  fresh: ReturnType<typeof openDb>;
  docs: ReturnType<typeof documents>;
} | null = null;

/** An entry as the app stores it. */
const stored = (d: ReturnType<typeof documents>[number]) =>
  packStamps({
    table: 'entries',
    id: d.id,
    fields: d.fields,
    stamps: d.stamps,
    bases: d.bases,
    updatedAt: d.at,
  });

async function fill(n: number): Promise<void> {
  const pusher = openDb(`idb-floor-${uuidv7()}`);
  const fresh = openDb(`idb-floor-${uuidv7()}`);
  await Promise.all([pusher.open(), fresh.open()]);
  const db = pusher.backendDB();
  const docs = documents(n, uuidv7(), uuidv7());
  open = { pusher, fresh, docs };
  // As writeRecord: each entry and its outbox row in one transaction (pages of 500, as seeded).
  for (let start = 0; start < n; start += PULL_PAGE) {
    const tx = db.transaction(['entries', 'outbox'], 'readwrite');
    for (const d of docs.slice(start, start + PULL_PAGE)) {
      tx.objectStore('entries').put(stored(d));
      tx.objectStore('outbox').add(
        packStamps({
          changeId: d.changeId,
          table: 'entries',
          id: d.id,
          fields: d.fields,
          stamps: d.stamps,
          bases: d.bases,
          createdAt: d.at,
          state: 'pending',
          attempts: 0,
        }),
      );
    }
    await done(tx);
  }
}

function opened() {
  if (!open) throw new Error('floor.fill() first');
  return open;
}

/** On the pushing device: read + delete every outbox row, page by page. */
async function push(): Promise<number> {
  const db = opened().pusher.backendDB();
  const t0 = performance.now();
  let after = 0;
  for (;;) {
    const read = db.transaction('outbox', 'readonly');
    const req = read.objectStore('outbox').getAll(IDBKeyRange.lowerBound(after, true), PUSH_PAGE);
    await done(read);
    const rows = req.result as { seq: number }[];
    if (rows.length === 0) break;
    const last = rows.at(-1)!.seq;
    const del = db.transaction('outbox', 'readwrite');
    del.objectStore('outbox').delete(IDBKeyRange.bound(rows[0]!.seq, last));
    await done(del);
    after = last;
  }
  return performance.now() - t0;
}

/** On a fresh device: write every entry, page by page. */
async function pull(): Promise<number> {
  const { fresh, docs } = opened();
  const db = fresh.backendDB();
  const t1 = performance.now();
  for (let start = 0; start < docs.length; start += PULL_PAGE) {
    const tx = db.transaction('entries', 'readwrite');
    for (const d of docs.slice(start, start + PULL_PAGE))
      tx.objectStore('entries').put({ ...stored(d), updatedAt: Date.now() });
    await done(tx);
  }
  return performance.now() - t1;
}

async function drop(): Promise<void> {
  await Promise.all([open?.pusher.delete(), open?.fresh.delete()]);
  open = null;
}

/**
 * The floor in steps, so that the benchmark reads each process's CPU (and, profiled, the page's
 * profile) around each timed one: `fill` makes both devices' stores (untimed, as the seeding is
 * for the trip), `push` and `pull` return their milliseconds, `drop` deletes it all.
 */
export const idbFloor = { fill, push, pull, drop };
