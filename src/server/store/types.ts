/**
 * What the HTTP layer needs from storage, as typed functions. One implementation over kysely
 * serves SQLite and PostgreSQL (kysely-store.ts); tests run the same suite on both.
 */
import type { FollowUpStore } from './follow-ups.ts';
import type { Change, Hlc, MessageCode, RecordDoc } from '../../core/index.ts';
import type { PickListStore } from './pick-lists.ts';

export type DbEngine = 'sqlite' | 'postgres';

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

/** Which workshop a record belongs to and whose it is (records.workshop_id / owner_id). */
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

export interface WorkshopCode {
  code: string;
  workshopId: string;
  role: 'participant' | 'facilitator';
  createdAt: number;
  revokedAt: number | null;
}

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

export interface DeviceRow {
  id: string;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
  role: string | null;
  workshopId: string | null;
  /** Server ms after which the token no longer works (admin sign-in); null = none. */
  expiresAt: number | null;
  /** Server ms of its last authenticated request (to the minute); null = not recorded yet. */
  lastSeenAt: number | null;
  /** SHA-256 hex of the device's own secret; null = registered before devices had one. */
  secretHash: string | null;
  /** The admin account this device last signed in as; null = none. */
  adminId: string | null;
}

/**
 * What a caller shows to re-use a known device id: the hash of the device's secret
 * and/or of the token it holds. A known id is handed over only when one of them matches; an
 * unknown id is created with `secretHash` as its secret.
 */
export interface DeviceProof {
  secretHash: string | null;
  bearerHash: string | null;
  /** The caller is the server itself (tests' fixtures, an operator's tool): no proof asked. */
  trusted?: boolean;
}

/** 'not_yours': the id is known and the proof does not match (whatever else is true of it). */
export type IssueOutcome = 'created' | 'rotated' | 'revoked' | 'not_yours';

export interface AdminRow {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: number;
}

/** A device token handed out by a sign-in (admin) or a join code. */
export interface IssueDevice extends DeviceProof {
  id: string;
  /** Admin sign-in: the account, remembered so its next sign-in from here skips the user lock. */
  adminId?: string | null;
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

/** A photo upload begun and not finished, per device (routes/blob-chunks.ts). */
export interface BlobPartial {
  sha256: string;
  deviceId: string;
  mime: string;
  total: number;
  received: number;
  updatedAt: number;
}

export interface BlobMeta {
  sha256: string;
  size: number;
  mime: string;
  createdAt: number;
}

export interface Store extends PickListStore {
  readonly engine: DbEngine;
  /** Follow-ups of stagnant innovations (store/follow-ups.ts). */
  readonly followUps: FollowUpStore;
  /** Run pending migrations (called once at start; safe to call from several processes). */
  migrate(): Promise<void>;
  /** GET /ready: throws when the database does not answer (or its file is gone); else the names
   * of migrations not yet applied (empty when the schema is at head). */
  pendingMigrations(): Promise<string[]>;
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

  /** Create the device, or give an existing active one a new token (a lost answer is retried). */
  registerDevice(
    d: DeviceProof & {
      id: string;
      tokenHash: string;
      name: string | null;
      now: number;
    },
  ): Promise<IssueOutcome>;
  /** Set the secret of a device that has none yet (one from before secrets); false if it has. */
  claimDeviceSecret(id: string, secretHash: string): Promise<boolean>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceRow | null>;
  deviceById(id: string): Promise<DeviceRow | null>;
  revokeDevice(id: string, now: number): Promise<boolean>;
  listDevices(): Promise<DeviceRow[]>;
  /** Note that the device made a request at `now`; a no-op when noted less than `minGapMs` ago. */
  touchDevice(id: string, now: number, minGapMs: number): Promise<void>;

  putBlobMeta(m: BlobMeta): Promise<void>;
  getBlobMeta(sha256: string): Promise<BlobMeta | null>;
  /** Whether an attachment that `scope` may read names this photo (GET /blobs asks; a scope of
   * everything needs no asking). */
  blobInScope(sha256: string, scope: Exclude<ReadScope, { kind: 'all' }>): Promise<boolean>;
  /** Note that `deviceId` uploaded this photo (store/blob-uploads.ts); idempotent. */
  recordBlobUpload(sha256: string, deviceId: string, now: number): Promise<void>;
  /** Whether `deviceId` uploaded this photo (and it is still recorded: not swept). */
  uploadedBy(sha256: string, deviceId: string): Promise<boolean>;
  /** Bytes of the photos `deviceId` uploaded that no record names: its quota's use. */
  unnamedUploadBytes(deviceId: string): Promise<number>;
  /** Whether any record names this photo. */
  blobNamed(sha256: string): Promise<boolean>;
  /** Whether an attachment of `deviceId` may name this photo: it uploaded it, may read it through
   * another attachment, or nobody is recorded as its uploader (absent, or stored before 0010). */
  mayNameBlob(sha256: string, deviceId: string, scope: ReadScope): Promise<boolean>;
  /** Up to `limit` photos stored before `before` that no record names (the sweep's list). */
  unnamedBlobsBefore(before: number, limit: number): Promise<string[]>;
  /** Forget a photo listed by unnamedBlobsBefore, if it is still unnamed and old; true if gone. */
  deleteBlobMeta(sha256: string, before: number): Promise<boolean>;
  /** This device's unfinished upload of this photo (store/blob-partials.ts), or null. */
  getPartial(sha256: string, deviceId: string): Promise<BlobPartial | null>;
  /**
   * Record that the partial now holds `p.received` bytes: inserted when `from` is null (false if
   * one exists), else updated only while it still holds `from` bytes (false if it moved on).
   */
  savePartial(p: BlobPartial, from: number | null): Promise<boolean>;
  deletePartial(sha256: string, deviceId: string): Promise<void>;
  /** Declared bytes and count of this device's unfinished uploads: they count against its quota. */
  partialUse(deviceId: string): Promise<{ bytes: number; count: number }>;
  /** Unfinished uploads that have not grown since `before`. */
  partialsBefore(before: number, limit: number): Promise<{ sha256: string; deviceId: string }[]>;
  /** Forget one listed by partialsBefore if it has still not grown; true if gone. */
  deletePartialBefore(sha256: string, deviceId: string, before: number): Promise<boolean>;

  /** Give device `id` a token with this role/scope/expiry (creating the device when new). */
  issueDevice(d: IssueDevice): Promise<IssueOutcome>;
  /** Sign-out: the device's token hash becomes `replacement` (a hash of a token nobody holds)
   * and it expires now, so the old token stops working whichever check reads it. */
  endDeviceToken(tokenHash: string, replacement: string, now: number): Promise<boolean>;

  createAdmin(a: AdminRow): Promise<'created' | 'exists'>;
  adminByUsername(username: string): Promise<AdminRow | null>;
  countAdmins(): Promise<number>;
  /** Replace an admin's password hash (a rehash at a higher cost after a good sign-in). */
  setAdminPasswordHash(id: string, passwordHash: string): Promise<void>;

  /** Count one hit of `key` in its fixed window (a new one of `windowMs` when none is open at
   * `now`), atomically across processes; returns the count including this hit. */
  rateHit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Take one hit back (a sign-in that succeeded), if its window is still open. */
  rateRefund(key: string, now: number): Promise<void>;

  /**
   * Every stored record of `table` (deleted ones too: the caller filters), ordered by id, read
   * `pageSize` rows at a time so a large export never holds the table in memory.
   */
  iterateRecords(
    table: string,
    opts?: { workshopId?: string | undefined; pageSize?: number },
  ): AsyncIterable<RecordDoc>;

  /** Store new join codes; an active code of the same workshop and role is revoked in the same
   * transaction (rotation). Throws on a code collision (the caller draws again). */
  putWorkshopCodes(
    workshopId: string,
    codes: { role: 'participant' | 'facilitator'; code: string }[],
    now: number,
  ): Promise<void>;
  /** The active code row for `code` (already normalised), or null when unknown or revoked. */
  workshopCode(code: string): Promise<WorkshopCode | null>;
  /** Active codes of one workshop. */
  workshopCodes(workshopId: string): Promise<WorkshopCode[]>;
  /** Every workshop record, oldest id first (admin CLI). */
  listWorkshops(): Promise<RecordDoc[]>;

  /** Every logged field write of one record, oldest stamp first (by field within a write). */
  history(table: string, recordId: string): Promise<LogEntry[]>;
  /** Field writes in the change log (its rows hold a write each, with all its fields): tests. */
  countChangeLog(): Promise<number>;
  close(): Promise<void>;
}
