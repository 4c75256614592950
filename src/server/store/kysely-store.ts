/**
 * The Store over kysely, shared by SQLite and PostgreSQL. The cursor rule (DESIGN.md): every
 * write transaction updates the single sync_counter row before it writes records, and numbers
 * its writes from it. On PostgreSQL that row lock is held until commit, so writers commit one
 * after another and seq order equals commit order — a reader can never see seq 8 committed while
 * seq 7 is still in flight and later skip it. On PostgreSQL a push reads and merges before taking
 * the lock and checks its reads under it (applyThenLock); SQLite has one writer anyway and takes
 * the counter row first.
 */
import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Transaction } from 'kysely';
import {
  mergeRecords,
  type Change,
  type FieldValue,
  type RecordDoc,
  type SyncedTable,
  conflictId,
  conflictStamps,
  hlcNode,
  keepsConflicts,
  type LostWrite,
} from '../../core/index.ts';
import { migrateToLatest, pendingMigrations } from './migrations.ts';
import {
  num,
  recordToRow,
  rowToDevice,
  rowToRecord,
  rowToRecordJson,
  rowToSharedRecordJson,
  storedStamps,
} from './rows.ts';
import type { ChangeLogTable, Database, RecordsTable } from './schema.ts';
import type {
  AdminRow,
  ApplyContext,
  ApplyResult,
  BlobMeta,
  DbEngine,
  DeviceRow,
  LogEntry,
  PullPage,
  PullPageJson,
  PullOptions,
  ReadScope,
  Refusal,
  Scope,
  ScopedRecord,
  Store,
} from './types.ts';
import { cutByBytes, fillLarge, PULL_PAGE_BYTES, sizedColumns, trimJson } from './pull-bytes.ts';
import { inScope, pullScoped } from './pull-scoped.ts';
import {
  addFieldWrites,
  LogBook,
  logEntries,
  loggedStamps,
  mergeClashes,
  readFieldWrites,
  type FieldWrites,
} from './write-log.ts';
import { workshopCodeMethods } from './workshop-codes.ts';
import { deviceMethods } from './device-methods.ts';
import { rateCountMethods } from './rate-counts.ts';
import { blobUploadMethods } from './blob-uploads.ts';
import { blobPartialMethods } from './blob-partials.ts';
import { pickListMethods } from './pick-lists.ts';
import { followUpStore } from './follow-ups.ts';

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
}

/** Who wrote a server-made record (conflicts) in the change log. */
export const SERVER_DEVICE_ID = 'server';

/** Whether every stamp of a record (its `stamps` column) was issued by `node`. */
function issuedOnlyBy(stamps: string, node: string): boolean {
  // Most records of a page are someone else's: those are told apart without parsing.
  if (!stamps.includes(node)) return false;
  const all = storedStamps(stamps);
  return all.length > 0 && all.every((s) => hlcNode(s) === node);
}

/** A record's key in ApplyResult.held and PullOptions.skip. */
export function key(table: string, id: string): string {
  return `${table}\u0000${id}`;
}

/** The stamp of `field` in the last of `sent` (stamp maps, in push order) that carries it. */
function carried(sent: readonly Record<string, string>[], field: string): string | undefined {
  for (let i = sent.length - 1; i >= 0; i--) if (Object.hasOwn(sent[i]!, field)) return sent[i]![field];
  return undefined;
}

/** Thrown inside a transaction to roll it back when a push's reads went stale (applyThenLock). */
const STALE_READS = new Error('stale reads');

/** Keys per query when a page's records are read at once. */
const PRELOAD_CHUNK = 500;

interface Key {
  table: string;
  id: string;
}

/**
 * The records of `keys`, whatever their tables, as one condition: a push naming entries and
 * their comments reads both in one query (one round trip on PostgreSQL, not one per table).
 */
function keysIn(eb: ExpressionBuilder<Database, 'records'>, keys: Key[]) {
  const byTable = new Map<string, string[]>();
  for (const k of keys) {
    const ids = byTable.get(k.table);
    if (ids) ids.push(k.id);
    else byTable.set(k.table, [k.id]);
  }
  return eb.or([...byTable].map(([table, ids]) => eb.and([eb('table', '=', table), eb('id', 'in', ids)])));
}

/** One push inside its transaction: cached reads, merged docs, log rows, cursor positions. */
class PushTx {
  readonly #trx: Transaction<Database>;
  readonly #ctx: ApplyContext;
  readonly #docs = new Map<string, ScopedRecord | null>();
  readonly #dirty = new Map<string, { doc: RecordDoc; seq: number; scope: Scope }>();
  /** What each record read from the database was at (its seq; null = absent), for verify(). */
  readonly #readAt = new Map<string, Key & { seq: number | null }>();
  readonly #log = new LogBook();
  readonly #writer: PageWriter;
  /** Per record of this push, the stamps of its accepted changes, in push order (the changes'
   * own maps, not copies: a page of 200 new entries made 200 maps of a dozen entries each). */
  readonly #sent = new Map<string, Record<string, string>[]>();
  /** Records whose fields' conflicts this push may change (settleConflicts), with the versions
   * their merges met (a write logged before the per-write log began is still known). */
  readonly #recheck = new Map<string, Key & { fields: Set<string>; met: FieldWrites; logged?: string[] }>();
  seq: number;

  constructor(trx: Transaction<Database>, ctx: ApplyContext, seq: number, writer: PageWriter) {
    this.#trx = trx;
    this.#ctx = ctx;
    this.seq = seq;
    this.#writer = writer;
  }

  /**
   * Read at once every stored record the page names, and the entries its attachments, reviews
   * and comments belong to (their scope and permission), instead of one query per record. What
   * is not found is remembered as missing, so apply() reads nothing more for it.
   */
  async preload(changes: Change[]): Promise<void> {
    const want: Key[] = [];
    for (const c of changes) {
      want.push({ table: c.table, id: c.id });
      const entryId = c.fields['entryId'];
      if (
        (c.table === 'attachments' || c.table === 'reviews' || c.table === 'comments') &&
        typeof entryId === 'string'
      )
        want.push({ table: 'entries', id: entryId });
    }
    await this.#readAll(want);
  }

  /** Read at once those of `wanted` this transaction has not read yet. */
  async #readAll(wanted: Key[]): Promise<void> {
    const want = new Map<string, Key>();
    for (const w of wanted) if (!this.#docs.has(key(w.table, w.id))) want.set(key(w.table, w.id), w);
    const keys = [...want.values()];
    for (let i = 0; i < keys.length; i += PRELOAD_CHUNK) {
      const chunk = keys.slice(i, i + PRELOAD_CHUNK);
      const rows = await this.#trx
        .selectFrom('records')
        .select(['table', 'id', 'fields', 'stamps', 'bases', 'workshop_id', 'owner_id', 'seq'])
        .where((eb) => keysIn(eb, chunk))
        .execute();
      for (const { table, id } of chunk) {
        this.#docs.set(key(table, id), null);
        this.#readAt.set(key(table, id), { table, id, seq: null });
      }
      for (const row of rows) {
        this.#docs.set(key(row.table, row.id), {
          doc: rowToRecord(row),
          scope: { workshopId: row.workshop_id, ownerId: row.owner_id },
        });
        this.#readAt.set(key(row.table, row.id), { table: row.table, id: row.id, seq: num(row.seq) });
      }
    }
  }

  async load(table: string, id: string): Promise<RecordDoc | null> {
    return (await this.loadScoped(table, id))?.doc ?? null;
  }

  /** The record with its scope as this transaction sees it (its own writes included). */
  async loadScoped(table: string, id: string): Promise<ScopedRecord | null> {
    const k = key(table, id);
    if (this.#docs.has(k)) return this.#docs.get(k)!;
    const row = await this.#trx
      .selectFrom('records')
      .select(['table', 'id', 'fields', 'stamps', 'bases', 'workshop_id', 'owner_id', 'seq'])
      .where('table', '=', table)
      .where('id', '=', id)
      .executeTakeFirst();
    const loaded = row
      ? { doc: rowToRecord(row), scope: { workshopId: row.workshop_id, ownerId: row.owner_id } }
      : null;
    this.#docs.set(k, loaded);
    this.#readAt.set(k, { table, id, seq: row ? num(row.seq) : null });
    return loaded;
  }

  /** Where a record belongs: a workshop is its own; an entry is its author's in its workshop;
   * attachments, reviews and comments follow their entry; a conflict follows its record. */
  async scopeOf(doc: RecordDoc): Promise<Scope> {
    const f = doc.fields;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    if (doc.table === 'workshops') return { workshopId: doc.id, ownerId: null };
    if (doc.table === 'entries') return { workshopId: str(f['workshopId']), ownerId: str(f['authorId']) };
    const [table, id] =
      doc.table === 'conflicts' ? [str(f['table']), str(f['recordId'])] : ['entries', str(f['entryId'])];
    const ref = table && id ? await this.loadScoped(table, id) : null;
    return ref ? { ...ref.scope } : { workshopId: null, ownerId: null };
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
    const stored = await this.loadScoped(change.table, change.id);
    // A replay (every field at the stamp already stored: a retry, or a facilitator's relay of
    // entries the author syncs later) changes nothing and needs no permission.
    if (stored && Object.entries(change.stamps).every(([f, st]) => stored.doc.stamps[f] === st)) return null;
    if (this.#ctx.authorize) {
      const refusal = await this.#ctx.authorize(change, {
        current: stored,
        load: (t, i) => this.loadScoped(t, i),
      });
      if (refusal) return refusal;
    }
    const current = stored?.doc;
    const { doc, changed, lost } = mergeRecords(current, incoming);
    // A conflict record's own lost writes (two devices marking it resolved) are history only: a
    // conflict about a conflict would help nobody.
    if (current && doc.table !== 'conflicts') this.#noteRecheck(current, incoming);
    if (changed.length > 0) this.#write(doc, await this.scopeOf(doc));
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
      const doc = this.#docs.get(k)!.doc;
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
    await this.#readAll(verdicts.map((v) => ({ table: 'conflicts', id: conflictId(v.l) })));
    for (const v of verdicts) await this.#settle(v.l, v.open);
  }

  async #settle(l: LostWrite, open: boolean): Promise<void> {
    const id = conflictId(l);
    const existing = await this.load('conflicts', id);
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
    this.#write(doc, await this.scopeOf(doc));
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
    if (await this.load('conflicts', id)) return;
    const stamp = this.#ctx.stamp();
    const fields = {
      table: l.table,
      recordId: l.recordId,
      field: l.field,
      value: l.value,
      stamp: l.stamp,
      winnerStamp: l.winnerStamp,
      resolved: false,
      deleted: false,
    };
    const doc: RecordDoc = {
      table: 'conflicts' as SyncedTable,
      id,
      fields,
      stamps: Object.fromEntries(Object.keys(fields).map((f) => [f, stamp])),
      bases: Object.fromEntries(Object.keys(fields).map((f) => [f, null])),
    };
    this.#write(doc, await this.scopeOf(doc));
    this.#logFields('conflicts', id, Object.keys(fields), doc, SERVER_DEVICE_ID);
  }

  #write(doc: RecordDoc, scope: Scope): void {
    this.seq += 1;
    const k = key(doc.table, doc.id);
    this.#docs.set(k, { doc, scope });
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
    const reads = [...this.#readAt.values()];
    for (let i = 0; i < reads.length; i += PRELOAD_CHUNK) {
      const chunk = reads.slice(i, i + PRELOAD_CHUNK);
      const rows = await this.#trx
        .selectFrom('records')
        .select(['table', 'id', 'seq'])
        .where((eb) => keysIn(eb, chunk))
        .execute();
      const now = new Map(rows.map((r) => [key(r.table, r.id), num(r.seq)]));
      for (const r of chunk) if ((now.get(key(r.table, r.id)) ?? null) !== r.seq) return false;
    }
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

  async flush(): Promise<void> {
    const rows = [...this.#dirty.values()].map(({ doc, seq, scope }) => ({
      ...recordToRow(doc, seq, this.#ctx.now),
      workshop_id: scope.workshopId,
      owner_id: scope.ownerId,
    }));
    const clashes = await this.#writer.write(this.#trx, rows, this.#log.rows());
    if (clashes.length > 0) await mergeClashes(this.#trx, clashes);
  }
}

export function createKyselyStore(
  db: Kysely<Database>,
  engine: DbEngine,
  onClose: () => Promise<void>,
  writer: PageWriter,
): Store {
  const pullRows = async (since: number, limit: number, budget: number) => {
    const rows = await db
      .selectFrom('records')
      .select([...sizedColumns])
      .where('seq', '>', since)
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const { rows: page, cut } = cutByBytes(rows.slice(0, limit), budget);
    const last = page.at(-1);
    const cursor = last ? num(last.seq) : since;
    return { rows: await fillLarge(db, page), cursor, more: cut || rows.length > limit };
  };

  /** A pull page; rows in `opts.skip` at the seq given there are left out AFTER the page and its
   * cursor were cut, so skipping never changes which rows the cursor passes. */
  const readPage = async (since: number, limit: number, scope?: ReadScope, opts?: PullOptions) => {
    const budget = opts?.maxBytes ?? PULL_PAGE_BYTES;
    const page =
      scope && scope.kind !== 'all'
        ? await pullScoped(db, engine, since, limit, scope, budget)
        : await pullRows(since, limit, budget);
    const skip = opts?.skip;
    const node = opts?.issuedBy;
    if ((!skip || skip.size === 0) && !node) return page;
    const left = (r: (typeof page.rows)[number]) =>
      skip?.get(key(r.table, r.id)) === num(r.seq) || (node !== undefined && issuedOnlyBy(r.stamps, node));
    return { ...page, rows: page.rows.filter((r) => !left(r)) };
  };

  /**
   * Lock the counter row (held until commit: writers queue here) and move it `n` positions on,
   * in one round trip; returns the new value. With n = 0 it only takes the lock and reads it.
   */
  const advanceCounter = async (trx: Transaction<Database>, n: number): Promise<number> => {
    const counter = await trx
      .updateTable('sync_counter')
      .set((eb) => ({ value: eb('value', '+', n) }))
      .where('id', '=', 1)
      .returning('value')
      .executeTakeFirstOrThrow();
    return num(counter.value);
  };

  const mergeAll = async (tx: PushTx, deviceId: string, changes: Change[]) => {
    await tx.preload(changes);
    const accepted: string[] = [];
    const refused: ApplyResult['refused'] = [];
    for (const change of changes) {
      const r = await tx.apply(deviceId, change);
      if (r === null) {
        accepted.push(change.changeId);
        tx.sent(change);
      } else refused.push({ changeId: change.changeId, ...r });
    }
    await tx.settleConflicts();
    return { accepted, refused };
  };

  /**
   * PostgreSQL: the reads, merges and permission checks run BEFORE the counter lock, so
   * concurrent pushes do that work side by side and queue only for the writes and the commit.
   * The lock is taken by moving the counter past this push's writes in one statement (their
   * number is known once merged); under it every record read is checked to be unchanged (same
   * seq, still absent), and the writes are numbered from where the counter was, so seq order is
   * still commit order. If any read record changed meanwhile, the transaction is rolled back
   * (the counter too) and null is returned: the caller redoes the push with the lock taken first.
   */
  const applyThenLock = async (deviceId: string, changes: Change[], ctx: ApplyContext) => {
    try {
      return await db.transaction().execute(async (trx): Promise<ApplyResult> => {
        const tx = new PushTx(trx, ctx, 0, writer);
        const result = await mergeAll(tx, deviceId, changes);
        const writes = tx.seq;
        const end = await advanceCounter(trx, writes);
        if (!(await tx.verify())) throw STALE_READS;
        tx.rebase(end - writes);
        await tx.flush();
        return { ...result, held: tx.held() };
      });
    } catch (e) {
      if (e === STALE_READS) return null;
      throw e;
    }
  };

  return {
    engine,
    followUps: followUpStore(db),

    migrate: () => migrateToLatest(db as unknown as Kysely<unknown>),

    pendingMigrations: () => pendingMigrations(db as unknown as Kysely<unknown>),

    async applyChanges(deviceId: string, changes: Change[], ctx: ApplyContext): Promise<ApplyResult> {
      if (changes.length === 0) return { accepted: [], refused: [], held: new Map() };
      if (engine === 'postgres') {
        const done = await applyThenLock(deviceId, changes, ctx);
        if (done) return done;
      }
      return db.transaction().execute(async (trx) => {
        // Taking the counter row first is the lock that orders writers (see the header).
        const start = await advanceCounter(trx, 0);
        const tx = new PushTx(trx, ctx, start, writer);
        const result = await mergeAll(tx, deviceId, changes);
        await tx.flush();
        if (tx.seq !== start)
          await trx.updateTable('sync_counter').set({ value: tx.seq }).where('id', '=', 1).execute();
        return { ...result, held: tx.held() };
      });
    },

    async pull(since: number, limit: number, scope?: ReadScope, opts?: PullOptions): Promise<PullPage> {
      const page = await readPage(since, limit, scope, opts);
      return { records: page.rows.map(rowToRecord), cursor: page.cursor, more: page.more };
    },

    async pullJson(
      since: number,
      limit: number,
      scope?: ReadScope,
      opts?: PullOptions,
    ): Promise<PullPageJson> {
      const page = await readPage(since, limit, scope, opts);
      const json = opts?.sharedStamps ? rowToSharedRecordJson : rowToRecordJson;
      return trimJson(page, page.rows.map(json), opts?.maxBytes ?? PULL_PAGE_BYTES);
    },

    async getRecord(table: string, id: string): Promise<RecordDoc | null> {
      const row = await db
        .selectFrom('records')
        .select(['table', 'id', 'fields', 'stamps', 'bases'])
        .where('table', '=', table)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rowToRecord(row) : null;
    },

    ...deviceMethods(db, engine),

    async deviceById(id: string): Promise<DeviceRow | null> {
      const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToDevice(row) : null;
    },

    async deviceByTokenHash(tokenHash: string): Promise<DeviceRow | null> {
      const row = await db
        .selectFrom('devices')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? rowToDevice(row) : null;
    },

    async revokeDevice(id: string, now: number): Promise<boolean> {
      const r = await db
        .updateTable('devices')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async listDevices(): Promise<DeviceRow[]> {
      const rows = await db.selectFrom('devices').selectAll().orderBy('created_at').execute();
      return rows.map(rowToDevice);
    },

    async touchDevice(id: string, now: number, minGapMs: number): Promise<void> {
      await db
        .updateTable('devices')
        .set({ last_seen_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', now - minGapMs)]))
        .execute();
    },

    async endDeviceToken(tokenHash: string, replacement: string, now: number): Promise<boolean> {
      const r = await db
        .updateTable('devices')
        .set({ token_hash: replacement, expires_at: now })
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async createAdmin(a: AdminRow): Promise<'created' | 'exists'> {
      const r = await db
        .insertInto('admins')
        .values({ id: a.id, username: a.username, password_hash: a.passwordHash, created_at: a.createdAt })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? 'created' : 'exists';
    },

    async adminByUsername(username: string): Promise<AdminRow | null> {
      const r = await db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirst();
      return r
        ? { id: r.id, username: r.username, passwordHash: r.password_hash, createdAt: num(r.created_at) }
        : null;
    },

    async setAdminPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.updateTable('admins').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },

    ...rateCountMethods(db),

    async countAdmins(): Promise<number> {
      const r = await db
        .selectFrom('admins')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return num(r.n);
    },

    async *iterateRecords(table: string, opts: { workshopId?: string | undefined; pageSize?: number } = {}) {
      const pageSize = opts.pageSize ?? 500;
      let after: string | null = null;
      for (;;) {
        let q = db
          .selectFrom('records')
          .select(['table', 'id', 'fields', 'stamps', 'bases'])
          .where('table', '=', table);
        if (opts.workshopId !== undefined) q = q.where('workshop_id', '=', opts.workshopId);
        if (after !== null) q = q.where('id', '>', after);
        // Keyset paging on the primary key: each page is one indexed range read, never an OFFSET.
        const rows = await q.orderBy('id').limit(pageSize).execute();
        for (const row of rows) yield rowToRecord(row);
        if (rows.length < pageSize) return;
        after = rows.at(-1)!.id;
      }
    },

    ...workshopCodeMethods(db),
    ...blobUploadMethods(db),
    ...blobPartialMethods(db),
    ...pickListMethods(db),

    async putBlobMeta(m: BlobMeta): Promise<void> {
      await db
        .insertInto('blobs')
        .values({ sha256: m.sha256, size: m.size, mime: m.mime, created_at: m.createdAt })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },

    async getBlobMeta(sha256: string): Promise<BlobMeta | null> {
      const r = await db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      return r ? { sha256: r.sha256, size: num(r.size), mime: r.mime, createdAt: num(r.created_at) } : null;
    },

    async blobInScope(sha256: string, scope: Exclude<ReadScope, { kind: 'all' }>): Promise<boolean> {
      const row = await db
        .selectFrom('records')
        .select('id')
        .where('blob_sha256', '=', sha256)
        .where('table', '=', 'attachments')
        .where((eb) => inScope(eb, scope))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async history(table: string, recordId: string): Promise<LogEntry[]> {
      const rows = await db
        .selectFrom('change_log')
        .selectAll()
        .where('table', '=', table)
        .where('record_id', '=', recordId)
        // In stamp order, and by field within a write (logEntries): the same on every read and
        // on both databases.
        .orderBy('stamp')
        .execute();
      return rows.flatMap(logEntries);
    },

    async countChangeLog(): Promise<number> {
      // Field writes, as the log tells them: the keys of every row's fields.
      const keys =
        engine === 'sqlite'
          ? sql<number>`(select count(*) from json_each(${sql.ref('fields')}))`
          : sql<number>`(select count(*) from json_object_keys(${sql.ref('fields')}::json))`;
      const r = await db
        .selectFrom('change_log')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>(keys), sql<number>`0`).as('n'))
        .executeTakeFirstOrThrow();
      return num(r.n);
    },

    close: onClose,
  };
}
