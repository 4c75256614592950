/**
 * Local writes of synced records. Each write stamps the changed fields with the device's HLC,
 * merges them into the stored record and appends the change to the outbox in ONE Dexie
 * transaction: offline this is all there is to saving, and a crash leaves either both or neither.
 * Nothing but IndexedDB work happens inside the transaction (no fetch, crypto or Blob reads).
 */
// Imported module by module, not from core/index.ts: that would pull every zod schema into the
// first screen's bundle, and the entry list needs none of them.
import { tick } from '../../core/hlc.ts';
import type { FieldValue, RecordDoc, SyncedTable } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { StoredRecord } from '../db/types.ts';
import { getClockOffset, readClock, saveClock } from './clock.ts';
import { deviceId } from './device.ts';
import { mergeIntoReplica } from './merge-in.ts';

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export interface WriteOptions {
  /** Physical clock, injectable for tests and simulated skew. */
  now?: () => number;
}

/**
 * Write `patch` into record `table/id` (creating it when missing). Fields whose value did not
 * change are not stamped, so re-saving an unchanged form sends nothing. Returns the stored
 * record, or the current one when nothing changed.
 */
export async function writeRecord(
  d: LumbungDb,
  table: SyncedTable,
  id: string,
  patch: Record<string, FieldValue>,
  opts: WriteOptions = {},
): Promise<StoredRecord> {
  const now = opts.now ?? Date.now;
  const node = await deviceId(d);
  return d.transaction('rw', d.table(table), d.outbox, d.meta, async () => {
    const current = (await d.table(table).get(id)) as StoredRecord | undefined;
    const offset = await getClockOffset(d);
    let clock = await readClock(d);
    const t = now() + offset;

    // One stamp for every field of this write: stamps only need to be unique per field of a
    // record, and a shared one is stored once (stamp-codec.ts): stamps were almost half of a new
    // entry's bytes.
    const change: RecordDoc = { table, id, fields: {}, stamps: {}, bases: {} };
    let stamp: string | null = null;
    for (const [field, value] of Object.entries(patch)) {
      if (current && field in current.stamps && sameValue(current.fields[field], value)) continue;
      if (stamp === null) {
        const next = tick(clock, t, node);
        clock = next.state;
        stamp = next.stamp;
      }
      change.fields[field] = value;
      change.stamps[field] = stamp;
      change.bases[field] = current?.stamps[field] ?? null;
    }
    // Nothing to write (an unchanged form, or an empty patch): no stamp, no outbox row.
    if (Object.keys(change.fields).length === 0) return current ?? { ...change, updatedAt: now() };

    await saveClock(d, clock);
    const { stored } = await mergeIntoReplica(d, { source: 'local', docs: [change], at: now(), now: t });
    return stored[0]!;
  });
}
