/**
 * Sync's part of storage (sync-types.ts) over kysely, shared by SQLite and PostgreSQL: pushes
 * merged in one transaction each (push-tx.ts), pull pages, records and their change log. The cursor rule (DESIGN.md): every
 * write transaction updates the single sync_counter row before it writes records, and numbers
 * its writes from it. On PostgreSQL that row lock is held until commit, so writers commit one
 * after another and seq order equals commit order — a reader can never see seq 8 committed while
 * seq 7 is still in flight and later skip it. On PostgreSQL a push reads and merges before taking
 * the lock and checks its reads under it (applyThenLock); SQLite has one writer anyway and takes
 * the counter row first.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { hlcNode, type Change, type RecordDoc } from '../../core/index.ts';
import type { DbEngine } from './lifecycle.ts';
import { cutByBytes, fillLarge, PULL_PAGE_BYTES, sizedColumns, trimJson } from './pull-bytes.ts';
import { key } from './push-reads.ts';
import { PushTx, type PageWriter } from './push-tx.ts';
import { pullScoped } from './pull-scoped.ts';
import { num, rowToRecord, rowToRecordJson, rowToSharedRecordJson, storedStamps } from './rows.ts';
import type { Database } from './schema.ts';
import type {
  ApplyContext,
  ApplyResult,
  LogEntry,
  PullOptions,
  PullPage,
  PullPageJson,
  ReadScope,
  SyncStore,
} from './sync-types.ts';
import { logEntries } from './write-log.ts';

/** Whether every stamp of a record (its `stamps` column) was issued by `node`. */
function issuedOnlyBy(stamps: string, node: string): boolean {
  // Most records of a page are someone else's: those are told apart without parsing.
  if (!stamps.includes(node)) return false;
  const all = storedStamps(stamps);
  return all.length > 0 && all.every((s) => hlcNode(s) === node);
}

/** Thrown inside a transaction to roll it back when a push's reads went stale (applyThenLock). */
const STALE_READS = new Error('stale reads');

export function syncStore(db: Kysely<Database>, engine: DbEngine, writer: PageWriter): SyncStore {
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
   * The check and the writes go in one statement (PushTx.verifyAndFlush), so the lock is held
   * over three round trips (the counter's answer, the writes, the commit), not four: every push
   * queues for it, and while photos flowed each round trip took several times longer.
   */
  const applyThenLock = async (deviceId: string, changes: Change[], ctx: ApplyContext) => {
    try {
      return await db.transaction().execute(async (trx): Promise<ApplyResult> => {
        const tx = new PushTx(trx, ctx, 0, writer);
        const result = await mergeAll(tx, deviceId, changes);
        const writes = tx.seq;
        const end = await advanceCounter(trx, writes);
        tx.rebase(end - writes);
        if (!(await tx.verifyAndFlush())) throw STALE_READS;
        return { ...result, held: tx.held() };
      });
    } catch (e) {
      if (e === STALE_READS) return null;
      throw e;
    }
  };

  return {
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
  };
}
