/**
 * What the HTTP layer needs from storage, as typed functions. One implementation over kysely
 * serves SQLite and PostgreSQL (kysely-store.ts); tests run the same suite on both.
 */
import type { Change, Hlc, RecordDoc } from '../../core/index.ts';

export type DbEngine = 'sqlite' | 'postgres';

export interface ApplyContext {
  /** Server time (ms) of this push, stored as received_at / updated_at. */
  now: number;
  /** The server's HLC: stamps the conflict records it creates. */
  stamp: () => Hlc;
}

export interface ApplyResult {
  /** changeIds merged (including replays that changed nothing: the device may drop them). */
  accepted: string[];
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

export interface DeviceRow {
  id: string;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
  role: string | null;
  workshopId: string | null;
  /** Server ms after which the token no longer works (admin sign-in); null = none. */
  expiresAt: number | null;
}

export interface AdminRow {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: number;
}

/** A device token handed out by a sign-in (admin) or a join code (issue 4). */
export interface IssueDevice {
  id: string;
  tokenHash: string;
  name: string | null;
  role: string | null;
  workshopId: string | null;
  expiresAt: number | null;
  now: number;
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

export interface BlobMeta {
  sha256: string;
  size: number;
  mime: string;
  createdAt: number;
}

export interface Store {
  readonly engine: DbEngine;
  /** Run pending migrations (called once at start; safe to call from several processes). */
  migrate(): Promise<void>;
  /**
   * Merge changes already checked by the caller (sync/check-change.ts) in ONE transaction that
   * also assigns cursor positions in commit order and appends to the change log.
   */
  applyChanges(deviceId: string, changes: Change[], ctx: ApplyContext): Promise<ApplyResult>;
  /** Records written after cursor `since`, oldest first, at most `limit`. */
  pull(since: number, limit: number): Promise<PullPage>;
  /** `pull`, with records as JSON text straight from storage. */
  pullJson(since: number, limit: number): Promise<PullPageJson>;
  getRecord(table: string, id: string): Promise<RecordDoc | null>;

  /** Create the device, or give an existing active one a new token (a lost answer is retried). */
  registerDevice(d: {
    id: string;
    tokenHash: string;
    name: string | null;
    now: number;
  }): Promise<'created' | 'rotated' | 'revoked'>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceRow | null>;
  revokeDevice(id: string, now: number): Promise<boolean>;
  listDevices(): Promise<DeviceRow[]>;

  putBlobMeta(m: BlobMeta): Promise<void>;
  getBlobMeta(sha256: string): Promise<BlobMeta | null>;

  /** Give device `id` a token with this role/scope/expiry (creating the device when new). */
  issueDevice(d: IssueDevice): Promise<'created' | 'rotated' | 'revoked'>;
  /** Sign-out: the device's token hash becomes `replacement` (a hash of a token nobody holds)
   * and it expires now, so the old token stops working whichever check reads it. */
  endDeviceToken(tokenHash: string, replacement: string, now: number): Promise<boolean>;

  createAdmin(a: AdminRow): Promise<'created' | 'exists'>;
  adminByUsername(username: string): Promise<AdminRow | null>;
  countAdmins(): Promise<number>;

  /**
   * Every stored record of `table` (deleted ones too: the caller filters), ordered by id, read
   * `pageSize` rows at a time so a large export never holds the table in memory.
   */
  iterateRecords(
    table: string,
    opts?: { workshopId?: string | undefined; pageSize?: number },
  ): AsyncIterable<RecordDoc>;

  /** Every logged write of one record, oldest stamp first: its history. */
  history(table: string, recordId: string): Promise<LogEntry[]>;
  /** Rows in the change log (tests and the admin CLI). */
  countChangeLog(): Promise<number>;
  close(): Promise<void>;
}
