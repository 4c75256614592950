/**
 * The fault suite (issue 3). Several simulated devices — the real client engine over
 * fake-indexeddb — make random edits (new entries, edits of the same fields at the same time,
 * photos) and sync through a proxy that drops requests, drops answers after the server
 * committed, duplicates and delays them, while the REAL server process is SIGKILLed and
 * restarted on the same DATA_DIR. At the end, with the faults off, every device and the server
 * must hold the same state, every edit must have arrived and be either the winner or kept (seen
 * and overwritten by a later writer, or recorded as a conflict), and no entry may be duplicated
 * or missing. Seeded: FAULT_SEED=<n> replays the same faults and edits (the interleaving of the
 * devices still depends on timing).
 */
import 'fake-indexeddb/auto';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { unresolvedConflicts } from '$src/app/replica/conflicts.ts';
import { getToken } from '$src/app/replica/sync-state.ts';
import { restoreLost } from '$src/app/sync/conflicts.ts';
import { uuidv7 } from '$src/core/ids.ts';
import { conflictId } from '$src/core/merge.ts';
import type { FieldValue, SyncedTable } from '$src/core/record.ts';
import { createSqliteStore } from '$src/server/store/sqlite.ts';
import {
  TEST_WORKSHOP,
  TMP_ROOT,
  makeDevice,
  provisionFacilitator,
  snapshot,
  type Device,
} from './harness.ts';
import { mulberry32 } from './prng.ts';
import { startFaultProxy, type FaultProxy } from './proxy.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const SEED = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31);
const DEVICES = 4;
const STEPS_PER_DEVICE = 45;
const KILLS = 2;
const TABLES: SyncedTable[] = ['entries', 'attachments', 'conflicts'];
const EDIT_FIELDS = ['nama', 'opd', 'tujuan'] as const;
const YEAR = 365 * 24 * 3600 * 1000;

interface Edit {
  device: string;
  table: SyncedTable;
  id: string;
  field: string;
  value: FieldValue;
  /** A restored lost value: it may be a value some device already wrote. */
  restore?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sync under faults', () => {
  const dataDir = join(TMP_ROOT, `fault-${process.pid}-${SEED}`);
  let server: ServerProcess | null = null;
  let proxy: FaultProxy | null = null;
  const devices: Device[] = [];

  afterAll(async () => {
    await server?.kill();
    await proxy?.close();
    for (const d of devices) await d.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`converges with no loss and no duplicate (seed ${SEED})`, { timeout: 170_000 }, async () => {
    console.log(`fault suite seed: FAULT_SEED=${SEED}`);
    const started = Date.now();
    const rand = mulberry32(SEED);
    mkdirSync(dataDir, { recursive: true });
    // Tokens are issued straight in the server's database (facilitators of one workshop, so all
    // may edit the same entries); SQLite in WAL mode lets this process and the server share it.
    const provision = async (id: string) => {
      const store = createSqliteStore(dataDir);
      try {
        await store.migrate();
        return await provisionFacilitator(store, id);
      } finally {
        await store.close();
      }
    };
    server = await startServerProcess(dataDir);
    proxy = await startFaultProxy(mulberry32(SEED ^ 0x5eed), {
      dropRequest: 0.08,
      dropResponse: 0.08,
      duplicate: 0.08,
      delay: 0.2,
      maxDelayMs: 120,
    });
    proxy.setTarget(server.url);
    const p = proxy;

    let skewLast = YEAR;
    for (let i = 0; i < DEVICES; i++) {
      devices.push(
        await makeDevice(`d${i}`, (input, init) => fetch(input, init), {
          // The last device's clock is a year ahead until the first kill, then right: its early
          // edits must be re-stamped, and the jump back must not disturb anything.
          now: i === DEVICES - 1 ? () => Date.now() + skewLast : () => Date.now(),
          baseUrl: p.url,
          timeoutMs: 5_000,
          random: mulberry32(SEED + i),
          provision,
          // Small pages: more requests, more chances for faults between them, and rounds that
          // send pages early (engine.ts: two on their way at once).
          pushMaxChanges: 3,
          pullLimit: 11,
        }),
      );
    }

    const edits: Edit[] = [];
    const createdEntries = new Set<string>();
    let restamped = 0;
    let skewedEdits = 0;
    const roundOf = async (dev: Device) => {
      const res = await dev.engine.round();
      restamped += res.restamped;
      return res;
    };
    let photos = 0;
    let restores = 0;
    let rounds = 0;
    let failedRounds = 0;

    // Two "hot" entries everyone edits: concurrent edits of the same fields are guaranteed.
    const hot = [uuidv7(), uuidv7()];
    for (const id of hot) {
      const fields = {
        nama: `hot ${id.slice(-4)}`,
        opd: 'Bagian Organisasi',
        tahapan: 'Inisiatif',
        workshopId: TEST_WORKSHOP,
      };
      await writeRecord(devices[0]!.db, 'entries', id, fields, { now: devices[0]!.now });
      createdEntries.add(id);
      for (const [field, value] of Object.entries(fields))
        edits.push({ device: 'd0', table: 'entries', id, field, value });
    }

    let ops = 0;
    let done = false;
    let kills = 0;
    let restarts = 0;
    let downRounds = 0;
    const total = DEVICES * STEPS_PER_DEVICE;
    async function deviceLoop(dev: Device, r: () => number): Promise<void> {
      for (let step = 0; step < STEPS_PER_DEVICE; step++) {
        // At each kill point the devices wait until the server was killed and restarted, so most
        // of the run has a live server behind the faulty proxy; rounds against the dead server
        // happen in the killer (below) and in rounds still in flight at the kill.
        while (restarts < KILLS && ops >= ((restarts + 1) * total) / (KILLS + 1)) await sleep(5);
        ops++;
        if (dev === devices[DEVICES - 1] && skewLast !== 0) skewedEdits++;
        const a = r();
        const known = (await dev.db.entries.toCollection().primaryKeys()) as string[];
        if (a < 0.22 || known.length === 0) {
          const id = uuidv7();
          const fields = {
            nama: `${dev.name} baru ${step}`,
            opd: 'Dinas Kesehatan',
            tahapan: 'Uji Coba',
            workshopId: TEST_WORKSHOP,
          };
          await writeRecord(dev.db, 'entries', id, fields, { now: dev.now });
          createdEntries.add(id);
          for (const [field, value] of Object.entries(fields))
            edits.push({ device: dev.name, table: 'entries', id, field, value });
        } else if (a < 0.62) {
          const pool = r() < 0.5 ? known.filter((k) => hot.includes(k)) : known;
          const id = (pool.length ? pool : known)[Math.floor(r() * (pool.length || known.length))]!;
          const field = EDIT_FIELDS[Math.floor(r() * EDIT_FIELDS.length)]!;
          const value = `${dev.name}#${step} ${field}`;
          await writeRecord(dev.db, 'entries', id, { [field]: value }, { now: dev.now });
          edits.push({ device: dev.name, table: 'entries', id, field, value });
        } else if (a < 0.66) {
          // Someone taps "Pulihkan" on a conflict this device knows about.
          const open = (await dev.db.conflicts.toArray()).filter(
            (c) => c.fields.resolved === false && c.fields.recordId,
          );
          const c = open[Math.floor(r() * open.length)];
          if (c) {
            const lost = await unresolvedConflicts(dev.db, String(c.fields.recordId));
            const pick = lost.find((l) => l.id === c.id);
            if (pick) {
              await restoreLost(dev.db, pick, { now: dev.now });
              restores++;
              edits.push({
                device: dev.name,
                table: 'entries',
                id: pick.recordId,
                field: pick.field,
                value: pick.value,
                restore: true,
              });
            }
          }
        } else if (a < 0.72) {
          const entryId = known[Math.floor(r() * known.length)]!;
          const bytes = new Uint8Array(300 + Math.floor(r() * 3000)).map(() => Math.floor(r() * 256));
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          await dev.db.blobs.put({
            sha256,
            blob: new Blob([bytes], { type: 'image/jpeg' }),
            mime: 'image/jpeg',
            size: bytes.length,
            width: 40,
            height: 30,
            createdAt: Date.now(),
            uploaded: 0,
          });
          const id = uuidv7();
          const fields = {
            entryId,
            sha256,
            mime: 'image/jpeg',
            width: 40,
            height: 30,
            size: bytes.length,
            caption: '',
            deleted: false,
          };
          await writeRecord(dev.db, 'attachments', id, fields, { now: dev.now });
          for (const [field, value] of Object.entries(fields))
            edits.push({ device: dev.name, table: 'attachments', id, field, value });
          photos++;
        } else {
          rounds++;
          const res = await roundOf(dev);
          if (!res.ok) failedRounds++;
        }
        await sleep(5 + Math.floor(r() * 30));
      }
    }

    // The killer: SIGKILL the server at about 1/3 and 2/3 of the run, restart it on the same data.
    let killerError: unknown = null;
    const killer = (async () => {
      while (!done && kills < KILLS) {
        if (ops >= ((kills + 1) * total) / (KILLS + 1)) {
          await server!.kill();
          kills++;
          skewLast = 0;
          // While it is down: every device edits and tries to sync (the edit stays queued).
          await Promise.all(
            devices.map(async (d, i) => {
              await writeRecord(d.db, 'entries', hot[i % hot.length]!, {
                tujuan: `${d.name} saat server mati ${kills}`,
              });
              edits.push({
                device: d.name,
                table: 'entries',
                id: hot[i % hot.length]!,
                field: 'tujuan',
                value: `${d.name} saat server mati ${kills}`,
              });
              await roundOf(d);
              downRounds++;
              // The round may be one that was already under way and finished before the kill
              // (so its result can be ok); either way the edit made while the server is down
              // cannot have been sent: it waits in the outbox.
              const queued = await d.db.outbox
                .where('id')
                .equals(hot[i % hot.length]!)
                .toArray();
              expect(
                queued.some(
                  (row) =>
                    row.state === 'pending' && row.fields['tujuan'] === `${d.name} saat server mati ${kills}`,
                ),
              ).toBe(true);
            }),
          );
          await sleep(100 + Math.floor(rand() * 400));
          server = await startServerProcess(dataDir);
          p.setTarget(server.url);
          restarts++;
        }
        await sleep(20);
      }
    })().catch((e: unknown) => {
      // Release the devices waiting at a kill point; the error fails the test below.
      killerError = e;
      restarts = KILLS;
    });

    await roundOf(devices[0]!);
    await Promise.all(devices.map((d, i) => deviceLoop(d, mulberry32(SEED * 31 + i))));
    done = true;
    await killer;
    if (killerError) throw killerError;

    // Settle: faults off, everyone syncs until nothing is left, twice around.
    const faultPhase = { ...p.stats };
    const faultSeconds = Math.round((Date.now() - started) / 100) / 10;
    p.setFaults(false);
    for (let pass = 0; pass < 3; pass++) {
      for (const d of devices) {
        let ok = false;
        for (let tries = 0; tries < 5 && !ok; tries++) ok = (await roundOf(d)).ok;
        expect(ok, `${d.name} could not finish a clean round`).toBe(true);
      }
    }
    const fresh = await makeDevice('fresh', (input, init) => fetch(input, init), {
      baseUrl: p.url,
      provision,
    });
    devices.push(fresh);
    expect((await fresh.engine.round()).ok).toBe(true);

    // 1. Same state everywhere: the server (as pulled by a fresh device) and every device.
    const truth = await snapshot(fresh.db, TABLES);
    for (const d of devices.slice(0, DEVICES)) {
      expect(await snapshot(d.db, TABLES), `${d.name} differs from the server`).toEqual(truth);
      expect(await d.db.outbox.count(), `${d.name} still has changes waiting`).toBe(0);
    }

    // 2. No entry duplicated or missing.
    const serverEntries = (await fresh.db.entries.toCollection().primaryKeys()) as string[];
    expect(new Set(serverEntries).size).toBe(serverEntries.length);
    expect([...serverEntries].sort()).toEqual([...createdEntries].sort());

    // 3. Every photo reached the server, byte for byte (by hash).
    const token = (await getToken(fresh.db))!;
    const atts = await fresh.db.attachments.toArray();
    expect(atts).toHaveLength(photos);
    for (const att of atts) {
      const res = await fetch(`${server.url}/api/v1/blobs/${String(att.fields.sha256)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const got = createHash('sha256')
        .update(new Uint8Array(await res.arrayBuffer()))
        .digest('hex');
      expect(got).toBe(att.fields.sha256);
    }

    // 4. Every edit arrived (it is in the server's change log) and is the winner, or was seen and
    //    overwritten by a later writer (a write whose base is at or after it), or is a conflict.
    await server.kill();
    server = null;
    const sqlite = new Database(join(dataDir, 'lumbung.sqlite'));
    // One row per write: read back as one entry per field it set, its value as JSON.
    const writes = sqlite
      .prepare('SELECT "table" AS t, record_id AS id, stamp, fields, bases FROM change_log')
      .all() as { t: string; id: string; stamp: string; fields: string; bases: string }[];
    sqlite.close();
    const log = writes.flatMap((w) => {
      const bases = JSON.parse(w.bases) as Record<string, string>;
      return Object.entries(JSON.parse(w.fields) as Record<string, unknown>).map(([field, value]) => ({
        t: w.t,
        id: w.id,
        field,
        stamp: w.stamp,
        value: JSON.stringify(value),
        base: bases[field] ?? null,
      }));
    });
    const conflicts = await fresh.db.conflicts.toArray();
    const counts = { winner: 0, superseded: 0, conflict: 0 };
    for (const e of edits) {
      const key = JSON.stringify(e.value);
      const mine = log.filter(
        (l) => l.t === e.table && l.id === e.id && l.field === e.field && l.value === key,
      );
      expect(mine.length, `edit never arrived: ${JSON.stringify(e)}`).toBeGreaterThanOrEqual(1);
      const rec = await fresh.db.table(e.table).get(e.id);
      if (JSON.stringify(rec?.fields[e.field]) === key) {
        counts.winner++;
        continue;
      }
      const stamps = mine.map((m) => m.stamp);
      const seen = log.some(
        (l) =>
          l.t === e.table &&
          l.id === e.id &&
          l.field === e.field &&
          l.base !== null &&
          stamps.some((s) => l.base! >= s),
      );
      const kept = conflicts.some(
        (c) =>
          c.fields.recordId === e.id && c.fields.field === e.field && JSON.stringify(c.fields.value) === key,
      );
      expect(seen || kept, `lost without trace: ${JSON.stringify(e)}`).toBe(true);
      if (kept) counts.conflict++;
      else counts.superseded++;
    }
    // That the log holds each field write once is its key's doing (table, record, stamp; see
    // write-log.ts), proven by the server tests; nothing to count here.

    // 5. Exactly the writes the value's author did not see are conflicts (issue 26): a logged
    //    write off the chain of bases of its field's value has a conflict record (resolved or
    //    not) that is not withdrawn (`deleted`), and one on the chain has none. The chain is
    //    walked here from the log alone.
    const byId = new Map(conflicts.map((c) => [c.id, c]));
    const baseOf = new Map(log.map((l) => [`${l.t}\u0000${l.id}\u0000${l.field}\u0000${l.stamp}`, l.base]));
    const exact = { offChain: 0, onChain: 0, withdrawn: 0 };
    for (const l of log) {
      if (l.t === 'conflicts') continue;
      const rec = await fresh.db.table(l.t).get(l.id);
      const value = rec?.stamps[l.field] as string | undefined;
      if (value === undefined || value === l.stamp) continue;
      const chain = new Set<string>();
      for (
        let b = baseOf.get(`${l.t}\u0000${l.id}\u0000${l.field}\u0000${value}`) ?? null;
        b !== null && !chain.has(b);
      ) {
        chain.add(b);
        b = baseOf.get(`${l.t}\u0000${l.id}\u0000${l.field}\u0000${b}`) ?? null;
      }
      const c = byId.get(
        conflictId({ table: l.t as SyncedTable, recordId: l.id, field: l.field, stamp: l.stamp }),
      );
      const open = c !== undefined && c.fields.deleted !== true;
      if (c?.fields.deleted === true) exact.withdrawn++;
      if (chain.has(l.stamp)) {
        exact.onChain++;
        expect(open, `conflict for a write its winner saw: ${JSON.stringify(l)}`).toBe(false);
      } else {
        exact.offChain++;
        expect(open, `unseen write with no conflict: ${JSON.stringify(l)}`).toBe(true);
      }
    }

    const summary = {
      seed: SEED,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      devices: DEVICES,
      edits: edits.length,
      entries: createdEntries.size,
      photos,
      restores,
      skewedSteps: skewedEdits,
      restamped,
      rounds,
      failedRounds,
      kills,
      downRounds,
      faultSeconds,
      faultPhase,
      allRequests: p.stats.requests,
      loggedFieldWrites: log.length,
      loggedWrites: writes.length,
      conflictRecords: conflicts.length,
      ...exact,
      ...counts,
    };
    console.log(`fault suite summary: ${JSON.stringify(summary)}`);
    expect(kills).toBe(KILLS);
    // The device a year ahead had its early edits re-stamped (they arrived, checked above).
    if (skewedEdits > 3) expect(restamped).toBeGreaterThan(0);
  });
});
