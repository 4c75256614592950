/**
 * One push inside its transaction: each change merged over the record as stored (after the
 * caller's permission check), the conflict records of the fields it touched settled, its
 * change-log rows, and the cursor positions of its writes. Reads go through push-reads.ts;
 * where a record belongs is auth/record-scope.ts; the writes go to the engine's PageWriter.
 * sync-store.ts runs it under the counter lock that orders writers.
 */
import type { Insertable, Transaction } from 'kysely';
import {
  mergeRecords,
  type Change,
  type FieldValue,
  type RecordDoc,
  conflictId,
  conflictStamps,
  keepsConflicts,
  type LostWrite,
} from '../../core/index.ts';
import { conflictRecord } from '../../core/conflict-record.ts';
import { recordScope, type RecordKey } from '../auth/record-scope.ts';
import { key, PushReads, type ReadAt } from './push-reads.ts';
import { recordToRow } from './rows.ts';
import type { ChangeLogTable, Database, RecordsTable } from './schema.ts';
import type { ApplyContext, Refusal, Scope } from './sync-types.ts';
import {
  addFieldWrites,
  LogBook,
  loggedStamps,
  mergeClashes,
  readFieldWrites,
  type FieldWrites,
} from './write-log.ts';

/**
 * The page's writes inside its transaction: the merged records (upserts) and their change-log
 * rows. Each engine has its fastest way (sqlite.ts: prepared single-row statements on the same
 * connection; postgres-writer.ts: one statement for the whole page). A log row whose write is
 * logged already is not inserted but returned ("clashes", see write-log.ts).
 */
export interface PageWriter {
  write(
    trx: Transaction<Database>,
    records: Insertable<RecordsTable>[],
    log: Insertable<ChangeLogTable>[],
  ): Promise<Insertable<ChangeLogTable>[]>;
  /**
   * The same writes in the same round trip as the check that every record in `reads` is still
   * at the seq it was read at (null: absent); when one is not, nothing is written and null is
   * returned. PostgreSQL only (postgres-writer.ts), where a push checks its reads under the
   * counter lock (sync-store.ts applyThenLock) and each round trip under it is time every other
   * writer waits; SQLite takes the lock before reading and needs no check.
   */
  writeIfUnchanged?(
    trx: Transaction<Database>,
    records: Insertable<RecordsTable>[],
    log: Insertable<ChangeLogTable>[],
    reads: ReadAt[],
  ): Promise<Insertable<ChangeLogTable>[] | null>;
}

/** Who wrote a server-made record (conflicts) in the change log. */
export const SERVER_DEVICE_ID = 'server';

/** The stamp of `field` in the last of `sent` (stamp maps, in push order) that carries it. */
function carried(sent: readonly Record<string, string>[], field: string): string | undefined {
  for (let i = sent.length - 1; i >= 0; i--) if (Object.hasOwn(sent[i]!, field)) return sent[i]![field];
  return undefined;
}

/** One push inside its transaction: cached reads, merged docs, log rows, cursor positions. */
export class PushTx {
  readonly #trx: Transaction<Database>;
  readonly #reads: PushReads;
  readonly #ctx: ApplyContext;
  readonly #dirty = new Map<string, { doc: RecordDoc; seq: number; scope: Scope }>();
  readonly #log = new LogBook();
  readonly #writer: PageWriter;
  /** Per record of this push, the stamps of its accepted changes, in push order (the changes'
   * own maps, not copies: a page of 200 new entries made 200 maps of a dozen entries each). */
  readonly #sent = new Map<string, Record<string, string>[]>();
  /** Records whose fields' conflicts this push may change (settleConflicts), with the versions
   * their merges met (a write logged before the per-write log began is still known). */
  readonly #recheck = new Map<
    string,
    RecordKey & { fields: Set<string>; met: FieldWrites; logged?: string[] }
  >();
  seq: number;

  constructor(trx: Transaction<Database>, ctx: ApplyContext, seq: number, writer: PageWriter) {
    this.#trx = trx;
    this.#reads = new PushReads(trx);
    this.#ctx = ctx;
    this.seq = seq;
    this.#writer = writer;
  }

  /** Read at once every stored record the page names (push-reads.ts). */
  preload(changes: Change[]): Promise<void> {
    return this.#reads.preload(changes);
  }

  /** Where a record belongs (auth/record-scope.ts), from the records as this push sees them. */
  #scopeOf(doc: RecordDoc): Promise<Scope> {
    return recordScope(doc, (t, i) => this.#reads.loadScoped(t, i));
  }

  /** Merge one change; returns null, or the refusal of `authorize` (then nothing of the change
   * is stored). Its conflicts are settled once the whole push is merged (settleConflicts). */
  async apply(deviceId: string, change: Change): Promise<Refusal | null> {
    const incoming: RecordDoc = {
      table: change.table,
      id: change.id,
      fields: change.fields as RecordDoc['fields'],
      stamps: change.stamps,
      bases: change.bases,
    };
    const stored = await this.#reads.loadScoped(change.table, change.id);
    // A replay (every field at the stamp already stored: a retry, or a facilitator's relay of
    // entries the author syncs later) changes nothing and needs no permission.
    if (stored && Object.entries(change.stamps).every(([f, st]) => stored.doc.stamps[f] === st)) return null;
    if (this.#ctx.authorize) {
      const refusal = await this.#ctx.authorize(change, {
        current: stored,
        load: (t, i) => this.#reads.loadScoped(t, i),
      });
      if (refusal) return refusal;
    }
    const current = stored?.doc;
    const { doc, changed, lost } = mergeRecords(current, incoming);
    // A conflict record's own lost writes (two devices marking it resolved) are history only: a
    // conflict about a conflict would help nobody.
    if (current && doc.table !== 'conflicts') this.#noteRecheck(current, incoming);
    if (changed.length > 0) this.#write(doc, await this.#scopeOf(doc));
    this.#logFields(doc.table, doc.id, changed, doc, deviceId);
    // The incoming write lost: keep it in the log, so every edit is the winner or in history.
    if (lost.length > 0) {
      const lostHere = lost.filter((l) => l.stamp === incoming.stamps[l.field]).map((l) => l.field);
      this.#logFields(doc.table, doc.id, lostHere, incoming, deviceId);
    }
    return null;
  }

  /** Remember the fields of `incoming` whose conflicts its merge over `current` may change. */
  #noteRecheck(current: RecordDoc, incoming: RecordDoc): void {
    for (const field of Object.keys(incoming.stamps)) {
      const stamp = current.stamps[field];
      const cur = stamp === undefined ? undefined : { stamp, base: current.bases[field] ?? null };
      const inc = { stamp: incoming.stamps[field]!, base: incoming.bases[field] ?? null };
      if (keepsConflicts(cur, inc)) continue;
      const k = key(incoming.table, incoming.id);
      let r = this.#recheck.get(k);
      if (!r)
        this.#recheck.set(
          k,
          (r = { table: incoming.table, id: incoming.id, fields: new Set(), met: new Map() }),
        );
      r.fields.add(field);
      for (const d of [current, incoming])
        addFieldWrites(r.met, {
          stamp: d.stamps[field]!,
          fields: { [field]: d.fields[field] ?? null },
          bases: d.bases[field] ? { [field]: d.bases[field] } : {},
        });
    }
  }

  /**
   * Make the conflict records of every field this push may have changed match the rule
   * (core/seen.ts): an open conflict for each logged write the field's value's author did not
   * see, and none for a write it saw. A record made when a link was missing is withdrawn
   * (`deleted`) once the link arrives and shows the write was seen, and reopened if a newer value
   * did not see it, so the open conflicts depend only on which writes arrived, never on their
   * order, duplicates or pages. Whether a person resolved it is theirs: never changed here.
   */
  async settleConflicts(): Promise<void> {
    if (this.#recheck.size === 0) return;
    const logs = await readFieldWrites(this.#trx, this.#log, [...this.#recheck.values()]);
    const verdicts: { l: LostWrite; open: boolean }[] = [];
    for (const [k, r] of this.#recheck) {
      const { writes, stored } = logs.get(`${r.table}\u0000${r.id}`)!;
      r.logged = stored;
      for (const [field, met] of r.met) {
        let byStamp = writes.get(field);
        if (!byStamp) writes.set(field, (byStamp = new Map()));
        for (const [st, w] of met) if (!byStamp.has(st)) byStamp.set(st, w);
      }
      const doc = this.#reads.cached(k).doc;
      for (const field of [...r.fields].sort()) {
        const all = writes.get(field)!;
        const winner = { stamp: doc.stamps[field]!, base: doc.bases[field] ?? null };
        const open = conflictStamps(all.values(), winner);
        for (const w of all.values()) {
          if (w.stamp === winner.stamp) continue;
          const l: LostWrite = {
            table: doc.table,
            recordId: doc.id,
            field,
            value: (w.value ?? null) as FieldValue,
            stamp: w.stamp,
            winnerStamp: winner.stamp,
            concurrent: open.has(w.stamp),
          };
          verdicts.push({ l, open: open.has(w.stamp) });
        }
      }
    }
    await this.#reads.readAll(verdicts.map((v) => ({ table: 'conflicts', id: conflictId(v.l) })));
    for (const v of verdicts) await this.#settle(v.l, v.open);
  }

  async #settle(l: LostWrite, open: boolean): Promise<void> {
    const id = conflictId(l);
    const existing = await this.#reads.load('conflicts', id);
    if (!existing) {
      if (open) await this.recordConflict(l);
      return;
    }
    const f = existing.fields;
    // `deleted` (not a conflict) follows the rule alone; `resolved` is a person's and is never
    // touched, so a conflict resolved before it was withdrawn and reopened stays resolved.
    if ((f['deleted'] === true) === !open) return;
    const stamp = this.#ctx.stamp();
    const doc: RecordDoc = {
      ...existing,
      fields: { ...f, deleted: !open },
      stamps: { ...existing.stamps, deleted: stamp },
      bases: { ...existing.bases, deleted: existing.stamps['deleted'] ?? null },
    };
    this.#write(doc, await this.#scopeOf(doc));
    this.#logFields('conflicts', id, ['deleted'], doc, SERVER_DEVICE_ID);
  }

  /** Remember the stamps an accepted change carried (see held()). */
  sent(change: Change): void {
    const k = key(change.table, change.id);
    const list = this.#sent.get(k);
    if (list) list.push(change.stamps);
    else this.#sent.set(k, [change.stamps]);
  }

  /**
   * The records this push wrote whose every stored stamp is one the push itself carried, with
   * the seq they got: the device that sent them holds exactly that state or a newer one, so its
   * answer need not echo them (ApplyResult.held). A record with any other stamp (another
   * device's field, a lost write's winner) is not among them.
   */
  held(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [k, { doc, seq }] of this.#dirty) {
      const sent = this.#sent.get(k);
      if (sent && Object.keys(doc.stamps).every((f) => carried(sent, f) === doc.stamps[f])) out.set(k, seq);
    }
    return out;
  }

  /** Create the conflict record of a lost concurrent write unless it exists (a person may have
   * resolved it already; a replay must not reopen it). */
  async recordConflict(l: LostWrite): Promise<void> {
    const id = conflictId(l);
    if (await this.#reads.load('conflicts', id)) return;
    const doc = conflictRecord(l, this.#ctx.stamp());
    this.#write(doc, await this.#scopeOf(doc));
    this.#logFields('conflicts', id, Object.keys(doc.fields), doc, SERVER_DEVICE_ID);
  }

  #write(doc: RecordDoc, scope: Scope): void {
    this.seq += 1;
    const k = key(doc.table, doc.id);
    this.#reads.wrote(doc, scope);
    this.#dirty.set(k, { doc, seq: this.seq, scope });
  }

  /** Log `fields` of `from` (their values, stamps and bases), at this push's position now. */
  #logFields(table: string, id: string, fields: readonly string[], from: RecordDoc, deviceId: string): void {
    if (fields.length === 0) return;
    const at = { seq: this.seq, deviceId, receivedAt: this.#ctx.now };
    for (const f of fields)
      this.#log.add(at, table, id, f, from.stamps[f]!, from.fields[f], from.bases[f] ?? null);
  }

  /**
   * Whether every record this push read is still as it was (same seq, still absent): then the
   * merges, permission checks and scopes computed from those reads hold. Called after taking the
   * counter lock, when no other writer can commit until this transaction does.
   */
  async verify(): Promise<boolean> {
    if (!(await this.#reads.unchanged())) return false;
    // A write that lost changes no record but may change a field's conflicts: the logs read for
    // settleConflicts must be as they were too.
    const rechecked = [...this.#recheck.values()];
    if (rechecked.length === 0) return true;
    const logged = await loggedStamps(this.#trx, rechecked);
    return rechecked.every((r) => logged.get(`${r.table}\u0000${r.id}`)!.join('\n') === r.logged?.join('\n'));
  }

  /** Move the cursor positions given from 0 (seq 1, 2, ...) to follow `start`, the counter. */
  rebase(start: number): void {
    for (const d of this.#dirty.values()) d.seq += start;
    this.#log.rebase(start);
    this.seq += start;
  }

  #rows(): Insertable<RecordsTable>[] {
    return [...this.#dirty.values()].map(({ doc, seq, scope }) => ({
      ...recordToRow(doc, seq, this.#ctx.now),
      workshop_id: scope.workshopId,
      owner_id: scope.ownerId,
    }));
  }

  async flush(): Promise<void> {
    const clashes = await this.#writer.write(this.#trx, this.#rows(), this.#log.rows());
    if (clashes.length > 0) await mergeClashes(this.#trx, clashes);
  }

  /**
   * verify(), then flush() if it holds; false when it did not (nothing written). One round trip
   * where the writer checks and writes in one statement and the push has no conflicts' logs to
   * check as well (verify: those are read on their own).
   */
  async verifyAndFlush(): Promise<boolean> {
    if (!this.#writer.writeIfUnchanged || this.#recheck.size > 0) {
      if (!(await this.verify())) return false;
      await this.flush();
      return true;
    }
    const clashes = await this.#writer.writeIfUnchanged(
      this.#trx,
      this.#rows(),
      this.#log.rows(),
      this.#reads.readAt(),
    );
    if (clashes === null) return false;
    if (clashes.length > 0) await mergeClashes(this.#trx, clashes);
    return true;
  }
}
