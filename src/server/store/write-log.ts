/**
 * The change log, one row per write: a write is what one device set on one record under one
 * stamp (writeRecord stamps all the fields of one save alike), and its row holds each field it
 * set with its value and base. Every accepted field write is logged, and every lost one, exactly
 * once: a field at a stamp is in at most one row, because (table, record_id, stamp) is the key.
 *
 * Why not one row per field (as the log began): a new entry is one write of a dozen fields, and
 * a dozen rows under a 4-column text key made a push of 10,000 entries 0.73 s instead of 0.64 s
 * on SQLite and 2.20 s instead of 1.30 s on PostgreSQL (`bench/server-sync.ts`), and the database
 * three times as large (61 MB instead of 19 MB for those entries). Read per field (history()),
 * the two forms tell the same story.
 *
 * A write can arrive in parts: a relay holding a newer value of one field pushes the others,
 * and the author's own push of the whole write brings the rest, its newer field losing. The
 * second part hits the row of the first ("a clash"); mergeClashes adds the fields the row does
 * not hold yet. Under the push's counter lock (sync-store.ts), so no writer races it. The row
 * keeps naming the device that delivered the write first, and when (its seq, device, time).
 */
import type { Insertable, Transaction } from 'kysely';
import type { Database, ChangeLogTable } from './schema.ts';
import { num } from './rows.ts';
import type { LogEntry } from './sync-types.ts';

type Fields = Record<string, unknown>;
type Bases = Record<string, string>;

interface Write {
  seq: number;
  table: string;
  recordId: string;
  stamp: string;
  fields: Fields;
  bases: Bases;
  deviceId: string;
  receivedAt: number;
}

/** A push's log, gathered write by write while its changes merge. */
export class LogBook {
  readonly #writes = new Map<string, Write>();
  /** The write the last field went to: the fields of one write come one after another, and
   * comparing to it is cheaper than building and hashing the key of each (35 ms of a push of
   * 10,000 entries). */
  #last: Write | null = null;

  /** Log `field` of the write at `stamp`; a field the write already logged in this push is not
   * logged again (a change sent twice in one page). */
  add(
    at: { seq: number; deviceId: string; receivedAt: number },
    table: string,
    recordId: string,
    field: string,
    stamp: string,
    value: unknown,
    base: string | null,
  ): void {
    let w = this.#last;
    if (w?.stamp !== stamp || w.recordId !== recordId || w.table !== table) {
      const k = `${table}\u0000${recordId}\u0000${stamp}`;
      w = this.#writes.get(k) ?? null;
      if (!w) {
        w = { ...at, table, recordId, stamp, fields: {}, bases: {} };
        this.#writes.set(k, w);
      }
      this.#last = w;
    }
    if (Object.hasOwn(w.fields, field)) return;
    w.fields[field] = value ?? null;
    if (base !== null) w.bases[field] = base;
  }

  /** This push's writes of one record, as { stamp, fields, bases } (see readFieldWrites). */
  writesOf(table: string, recordId: string): { stamp: string; fields: Fields; bases: Bases }[] {
    return [...this.#writes.values()].filter((w) => w.recordId === recordId && w.table === table);
  }

  /** Move every seq `start` on (see PushTx.rebase). */
  rebase(start: number): void {
    for (const w of this.#writes.values()) w.seq += start;
  }

  rows(): Insertable<ChangeLogTable>[] {
    return [...this.#writes.values()].map((w) => ({
      seq: w.seq,
      table: w.table,
      record_id: w.recordId,
      stamp: w.stamp,
      fields: JSON.stringify(w.fields),
      bases: JSON.stringify(w.bases),
      device_id: w.deviceId,
      received_at: w.receivedAt,
    }));
  }
}

/** A stored row as history reads it: one entry per field, by field name. */
export function logEntries(row: {
  seq: number | string;
  stamp: string;
  fields: string;
  bases: string;
  device_id: string;
  received_at: number | string;
}): LogEntry[] {
  const fields = JSON.parse(row.fields) as Fields;
  const bases = JSON.parse(row.bases) as Bases;
  return Object.keys(fields)
    .sort()
    .map((field) => ({
      seq: num(row.seq),
      field,
      stamp: row.stamp,
      value: fields[field],
      base: bases[field] ?? null,
      deviceId: row.device_id,
      receivedAt: num(row.received_at),
    }));
}

/**
 * Add to the stored rows of `clashes` (log rows whose write was logged before) the fields they
 * do not hold yet. Usually there is nothing to add: a replay brings only what is logged.
 */
export async function mergeClashes(
  trx: Transaction<Database>,
  clashes: Insertable<ChangeLogTable>[],
): Promise<void> {
  for (const c of clashes) {
    const stored = await trx
      .selectFrom('change_log')
      .select(['fields', 'bases'])
      .where('table', '=', c.table)
      .where('record_id', '=', c.record_id)
      .where('stamp', '=', c.stamp)
      .executeTakeFirst();
    if (!stored) throw new Error(`change log: no row for ${c.table}/${c.record_id} at ${c.stamp}`);
    const fields = JSON.parse(stored.fields) as Fields;
    const bases = JSON.parse(stored.bases) as Bases;
    const incoming = JSON.parse(c.fields) as Fields;
    const incomingBases = JSON.parse(c.bases) as Bases;
    const added = Object.keys(incoming).filter((f) => !Object.hasOwn(fields, f));
    if (added.length === 0) continue;
    for (const f of added) {
      fields[f] = incoming[f];
      if (incomingBases[f] !== undefined) bases[f] = incomingBases[f];
    }
    await trx
      .updateTable('change_log')
      .set({ fields: JSON.stringify(fields), bases: JSON.stringify(bases) })
      .where('table', '=', c.table)
      .where('record_id', '=', c.record_id)
      .where('stamp', '=', c.stamp)
      .execute();
  }
}

/** One write of one field as the log holds it: what the conflict rule (core/seen.ts) needs, and
 * the value, for the conflict record. */
export interface LoggedFieldWrite {
  stamp: string;
  base: string | null;
  value: unknown;
}

/** field → stamp → write. */
export type FieldWrites = Map<string, Map<string, LoggedFieldWrite>>;

/** Add the fields of one logged write (a stored row or one of this push's) to `into`. */
export function addFieldWrites(
  into: FieldWrites,
  w: { stamp: string; fields: Fields; bases: Bases },
  only?: ReadonlySet<string>,
): void {
  for (const field of Object.keys(w.fields)) {
    if (only && !only.has(field)) continue;
    let byStamp = into.get(field);
    if (!byStamp) into.set(field, (byStamp = new Map()));
    if (!byStamp.has(w.stamp))
      byStamp.set(w.stamp, { stamp: w.stamp, base: w.bases[field] ?? null, value: w.fields[field] });
  }
}

/** A record whose fields' logged writes are asked for (readFieldWrites). */
export interface LogQuery {
  table: string;
  id: string;
  fields: ReadonlySet<string>;
}

/** Records per query when the logs of several are read at once. */
const LOG_CHUNK = 200;

/** The rows of the change log of `recs`, a chunk at a time, each as (table, record, stamp, ...). */
async function logRows<K extends 'fields' | 'bases'>(
  trx: Transaction<Database>,
  recs: readonly { table: string; id: string }[],
  extra: readonly K[],
) {
  const out: ({ table: string; record_id: string; stamp: string } & Record<K, string>)[] = [];
  for (let i = 0; i < recs.length; i += LOG_CHUNK) {
    const chunk = recs.slice(i, i + LOG_CHUNK);
    const rows = await trx
      .selectFrom('change_log')
      .select(['table', 'record_id', 'stamp', ...extra])
      .where((eb) => eb.or(chunk.map((r) => eb.and([eb('table', '=', r.table), eb('record_id', '=', r.id)]))))
      .orderBy('stamp')
      .execute();
    out.push(...(rows as typeof out));
  }
  return out;
}

const recKey = (table: string, id: string) => `${table}\u0000${id}`;

/**
 * Every logged write of the asked fields of each of `recs` (and the stamps of its stored writes,
 * for PushTx.verify): the stored rows, read for all the records at once on the log's key, and
 * this push's own, not flushed yet. Read only when a merge may change a field's conflicts
 * (core/seen.ts keepsConflicts), which a plain edit or a new record never does.
 */
export async function readFieldWrites(
  trx: Transaction<Database>,
  book: LogBook,
  recs: readonly LogQuery[],
): Promise<Map<string, { writes: FieldWrites; stored: string[] }>> {
  const out = new Map<string, { writes: FieldWrites; stored: string[] }>();
  for (const r of recs) out.set(recKey(r.table, r.id), { writes: new Map(), stored: [] });
  const fieldsOf = new Map(recs.map((r) => [recKey(r.table, r.id), r.fields]));
  for (const row of await logRows(trx, recs, ['fields', 'bases'] as const)) {
    const k = recKey(row.table, row.record_id);
    const o = out.get(k)!;
    o.stored.push(row.stamp);
    addFieldWrites(
      o.writes,
      { stamp: row.stamp, fields: JSON.parse(row.fields) as Fields, bases: JSON.parse(row.bases) as Bases },
      fieldsOf.get(k),
    );
  }
  for (const r of recs)
    for (const w of book.writesOf(r.table, r.id))
      addFieldWrites(out.get(recKey(r.table, r.id))!.writes, w, r.fields);
  return out;
}

/** The stamps of the stored writes of each of `recs`, in stamp order (see PushTx.verify). */
export async function loggedStamps(
  trx: Transaction<Database>,
  recs: readonly { table: string; id: string }[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(recs.map((r) => [recKey(r.table, r.id), []]));
  for (const row of await logRows(trx, recs, [])) out.get(recKey(row.table, row.record_id))?.push(row.stamp);
  return out;
}
