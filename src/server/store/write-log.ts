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
 * not hold yet. Under the push's counter lock (kysely-store.ts), so no writer races it. The row
 * keeps naming the device that delivered the write first, and when (its seq, device, time).
 */
import type { Insertable, Transaction } from 'kysely';
import type { Database, ChangeLogTable } from './schema.ts';
import { num } from './rows.ts';
import type { LogEntry } from './types.ts';

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

/**
 * Every logged write of `fields` of one record (and the stamps of the stored ones): the stored rows (one indexed range read on the
 * log's key) and this push's own, not flushed yet. Read only when a merge may change a field's
 * conflicts (core/seen.ts keepsConflicts), which a plain edit or a new record never does.
 */
export async function readFieldWrites(
  trx: Transaction<Database>,
  book: LogBook,
  table: string,
  recordId: string,
  fields: ReadonlySet<string>,
): Promise<{ writes: FieldWrites; stored: string[] }> {
  const out: FieldWrites = new Map();
  const rows = await trx
    .selectFrom('change_log')
    .select(['stamp', 'fields', 'bases'])
    .where('table', '=', table)
    .where('record_id', '=', recordId)
    .orderBy('stamp')
    .execute();
  for (const r of rows)
    addFieldWrites(
      out,
      { stamp: r.stamp, fields: JSON.parse(r.fields) as Fields, bases: JSON.parse(r.bases) as Bases },
      fields,
    );
  for (const w of book.writesOf(table, recordId)) addFieldWrites(out, w, fields);
  return { writes: out, stored: rows.map((r) => r.stamp) };
}

/** The stamps of the stored writes of one record, in stamp order (see PushTx.verify). */
export async function loggedStamps(
  trx: Transaction<Database>,
  table: string,
  recordId: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('change_log')
    .select('stamp')
    .where('table', '=', table)
    .where('record_id', '=', recordId)
    .orderBy('stamp')
    .execute();
  return rows.map((r) => r.stamp);
}
