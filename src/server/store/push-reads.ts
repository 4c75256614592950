/**
 * What one push reads inside its transaction, cached: each stored record with its scope, read at
 * most once (a page's records in one query up front), its own writes seen by later reads, and
 * the seq each was read at, so that on PostgreSQL the push can check under the counter lock that
 * nothing it read has changed since (sync-store.ts applyThenLock).
 */
import type { ExpressionBuilder, Transaction } from 'kysely';
import type { Change, RecordDoc } from '../../core/index.ts';
import { scopeParent, type RecordKey } from '../auth/record-scope.ts';
import { num, rowToRecord } from './rows.ts';
import type { Database } from './schema.ts';
import type { Scope, ScopedRecord } from './sync-types.ts';

/** A record's key in ApplyResult.held and PullOptions.skip. */
export function key(table: string, id: string): string {
  return `${table}\u0000${id}`;
}

/** Keys per query when a page's records are read at once. */
const PRELOAD_CHUNK = 500;

/**
 * The records of `keys`, whatever their tables, as one condition: a push naming entries and
 * their comments reads both in one query (one round trip on PostgreSQL, not one per table).
 */
function keysIn(eb: ExpressionBuilder<Database, 'records'>, keys: RecordKey[]) {
  const byTable = new Map<string, string[]>();
  for (const k of keys) {
    const ids = byTable.get(k.table);
    if (ids) ids.push(k.id);
    else byTable.set(k.table, [k.id]);
  }
  return eb.or([...byTable].map(([table, ids]) => eb.and([eb('table', '=', table), eb('id', 'in', ids)])));
}

const COLUMNS = ['table', 'id', 'fields', 'stamps', 'bases', 'workshop_id', 'owner_id', 'seq'] as const;

/** A record as a push read it: the seq it was at, null when absent. */
export type ReadAt = RecordKey & { seq: number | null };

export class PushReads {
  readonly #trx: Transaction<Database>;
  readonly #docs = new Map<string, ScopedRecord | null>();
  /** What each record read from the database was at (its seq; null = absent), for unchanged(). */
  readonly #readAt = new Map<string, ReadAt>();

  constructor(trx: Transaction<Database>) {
    this.#trx = trx;
  }

  /**
   * Read at once every stored record the page names, and the records whose scope theirs follow
   * (auth/record-scope.ts: an attachment's entry), instead of one query per record. What is not
   * found is remembered as missing, so nothing more is read for it.
   */
  async preload(changes: Change[]): Promise<void> {
    const want: RecordKey[] = [];
    for (const c of changes) {
      want.push({ table: c.table, id: c.id });
      const parent = scopeParent(c.table, c.fields);
      if (parent) want.push(parent);
    }
    await this.readAll(want);
  }

  /** Read at once those of `wanted` this transaction has not read yet. */
  async readAll(wanted: RecordKey[]): Promise<void> {
    const want = new Map<string, RecordKey>();
    for (const w of wanted) if (!this.#docs.has(key(w.table, w.id))) want.set(key(w.table, w.id), w);
    const keys = [...want.values()];
    for (let i = 0; i < keys.length; i += PRELOAD_CHUNK) {
      const chunk = keys.slice(i, i + PRELOAD_CHUNK);
      const rows = await this.#trx
        .selectFrom('records')
        .select([...COLUMNS])
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
      .select([...COLUMNS])
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

  /** The record as this transaction has read or written it (it must have been loaded). */
  cached(k: string): ScopedRecord {
    return this.#docs.get(k)!;
  }

  /** Later reads in this transaction see `doc` as written. */
  wrote(doc: RecordDoc, scope: Scope): void {
    this.#docs.set(key(doc.table, doc.id), { doc, scope });
  }

  /** Every record read from the database, at the seq it was read at (for a writer's check). */
  readAt(): ReadAt[] {
    return [...this.#readAt.values()];
  }

  /** Whether every record read from the database is still as it was (same seq, still absent). */
  async unchanged(): Promise<boolean> {
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
    return true;
  }
}
