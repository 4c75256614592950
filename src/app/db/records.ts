/**
 * Local writes of synced records. Each write stamps the changed fields with the device's HLC,
 * merges them into the stored record and appends the change to the outbox in ONE Dexie
 * transaction: offline this is all there is to saving, and a crash leaves either both or neither.
 * Nothing but IndexedDB work happens inside the transaction (no fetch, crypto or Blob reads).
 */
// Imported module by module, not from core/index.ts: that would pull every zod schema into the
// first screen's bundle, and the entry list needs none of them.
import { HLC_ZERO, tick, type HlcState } from '../../core/hlc.ts';
import { uuidv7 } from '../../core/ids.ts';
import { mergeRecords } from '../../core/merge.ts';
import type { Change } from '../../core/protocol.ts';
import type { FieldValue, RecordDoc, SyncedTable } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import type { StoredRecord } from './types.ts';

const KEY_DEVICE = 'deviceId';
const KEY_HLC = 'hlc';
const KEY_OFFSET = 'clockOffset';

/** The device id, made once and kept: it is the HLC node id and the author of local writes. */
export async function deviceId(d: LumbungDb): Promise<string> {
  return d.transaction('rw', d.meta, async () => {
    const row = await d.meta.get(KEY_DEVICE);
    if (typeof row?.value === 'string') return row.value;
    const id = uuidv7();
    await d.meta.put({ key: KEY_DEVICE, value: id });
    return id;
  });
}

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
    const offsetRow = await d.meta.get(KEY_OFFSET);
    const offset = typeof offsetRow?.value === 'number' ? offsetRow.value : 0;
    const hlcRow = await d.meta.get(KEY_HLC);
    let clock = (hlcRow?.value as HlcState | undefined) ?? HLC_ZERO;
    const t = now() + offset;

    const change: Change = { changeId: uuidv7(t), table, id, fields: {}, stamps: {}, bases: {} };
    // One stamp for every field of this write: stamps only need to be unique per field of a
    // record, and a shared one is stored once (stamp-codec.ts): stamps were almost half of a new
    // entry's bytes.
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
    if (Object.keys(change.fields).length === 0 && current) return current;

    const incoming: RecordDoc = {
      table,
      id,
      fields: change.fields,
      stamps: change.stamps,
      bases: change.bases,
    };
    const { doc } = mergeRecords(current, incoming);
    const stored: StoredRecord = { ...doc, updatedAt: now() };
    await d.table(table).put(stored);
    await d.outbox.add({ ...change, createdAt: now(), state: 'pending', attempts: 0 });
    await d.meta.put({ key: KEY_HLC, value: { ...clock } });
    return stored;
  });
}

export const META_KEYS = { deviceId: KEY_DEVICE, hlc: KEY_HLC, clockOffset: KEY_OFFSET } as const;
