/**
 * Sync's part of storage: the records, pushed and pulled, and the change log of every field
 * write (DESIGN.md "Sync protocol"). Implemented over kysely for SQLite and PostgreSQL by
 * sync-store.ts; who may read and write what is decided in auth/, never here.
 */
import type { Change, Hlc, MessageCode, RecordDoc } from '../../core/index.ts';

export interface ApplyContext {
  /** Server time (ms) of this push, stored as received_at / updated_at. */
  now: number;
  /** The server's HLC: stamps the conflict records it creates. */
  stamp: () => Hlc;
  /**
   * Permission check per change (auth/permissions.ts), run inside the write transaction against
   * the record as stored, after the replay check: a change whose every field carries the stamp
   * already stored is accepted as a no-op without asking. Omitted = trusted (server, CLI).
   */
  authorize?: (change: Change, view: TxView) => Promise<Refusal | null>;
}

/** Which workshop a record belongs to and whose it is (records.workshop_id / owner_id; the rule is
 * auth/record-scope.ts). */
export interface Scope {
  workshopId: string | null;
  ownerId: string | null;
}

export interface ScopedRecord {
  doc: RecordDoc;
  scope: Scope;
}

/** What authorize sees: the stored record (as this transaction sees it) and a reader for others. */
export interface TxView {
  current: ScopedRecord | null;
  load(table: string, id: string): Promise<ScopedRecord | null>;
}

export interface Refusal {
  code: MessageCode;
  issues: { path: string; code: string }[];
}

export interface ApplyResult {
  /** changeIds merged (including replays that changed nothing: the device may drop them). */
  accepted: string[];
  /** Changes authorize refused, each alone; nothing of them was stored. */
  refused: (Refusal & { changeId: string })[];
  /**
   * Records this push wrote whose every stored stamp came in this push (key `table\u0000id` →
   * the seq written): the sender holds them, so its answer leaves them out (routes/sync.ts).
   */
  held: Map<string, number>;
}

/** Which records a pull returns (auth/permissions.ts readScope decides it per principal). */
export type ReadScope =
  | { kind: 'all' }
  | { kind: 'workshop'; workshopId: string }
  /** Own records in `workshopId` (null = none), plus that workshop's own record. */
  | { kind: 'owner'; ownerId: string; workshopId: string | null };

export interface PullOptions {
  /** Records to leave out of the page when still at the seq given (key: `table\u0000id`, as
   * ApplyResult.held): the asking device's own push, which it holds. The cursor still passes them. */
  skip?: ReadonlyMap<string, number>;
  /**
   * The asking device's id, when it says it holds every value it issued (SyncRequest.holdsOwn):
   * records whose every current stamp it issued (their HLC node) are left out too, the same way.
   */
  issuedBy?: string;
  /** pullJson only: records with shared stamps where they have them (the device reads them). */
  sharedStamps?: boolean;
  /** Record JSON per page, at least one record (default PULL_PAGE_BYTES; tests set less). */
  maxBytes?: number;
}

export interface PullPage {
  records: RecordDoc[];
  /** The seq of the last record returned, or `since` when none. */
  cursor: number;
  more: boolean;
}

/** A pull page with each record already serialised as RecordDoc JSON (the /sync hot path). */
export interface PullPageJson {
  records: string[];
  cursor: number;
  more: boolean;
}

export interface LogEntry {
  seq: number;
  field: string;
  stamp: string;
  value: unknown;
  base: string | null;
  deviceId: string;
  receivedAt: number;
}

export interface SyncStore {
  /**
   * Merge changes already checked by the caller (sync/check-change.ts) in ONE transaction that
   * also assigns cursor positions in commit order and appends to the change log.
   */
  applyChanges(deviceId: string, changes: Change[], ctx: ApplyContext): Promise<ApplyResult>;
  /** Records written after cursor `since`, oldest first, at most `limit` and about
   * `opts.maxBytes` of JSON (at least one); only those in `scope` (default all). A filtered page
   * still moves the cursor past what it skipped. */
  pull(since: number, limit: number, scope?: ReadScope, opts?: PullOptions): Promise<PullPage>;
  /** `pull`, with records as JSON text straight from storage. */
  pullJson(since: number, limit: number, scope?: ReadScope, opts?: PullOptions): Promise<PullPageJson>;
  getRecord(table: string, id: string): Promise<RecordDoc | null>;
  /**
   * Every stored record of `table` (deleted ones too: the caller filters), ordered by id, read
   * `pageSize` rows at a time so a large export never holds the table in memory.
   */
  iterateRecords(
    table: string,
    opts?: { workshopId?: string | undefined; pageSize?: number },
  ): AsyncIterable<RecordDoc>;
  /** Every logged field write of one record, oldest stamp first (by field within a write). */
  history(table: string, recordId: string): Promise<LogEntry[]>;
  /** Field writes in the change log (its rows hold a write each, with all its fields): tests. */
  countChangeLog(): Promise<number>;
}
