/**
 * The server's tables as kysely sees them. JSON columns are TEXT (the same on SQLite and
 * PostgreSQL, so one set of migrations serves both); integers that can outgrow 2^31 are bigint,
 * which pg returns as strings: rows.ts turns them back into numbers.
 */
type BigIntCol = number | string;

export interface RecordsTable {
  table: string;
  id: string;
  /** JSON: field values, their HLC stamps, their bases (see core/record.ts). */
  fields: string;
  stamps: string;
  bases: string;
  /** Cursor position of the last write to this record. */
  seq: BigIntCol;
  updated_at: BigIntCol;
  /** Copied from the fields for permission filters; null when the record has none. */
  workshop_id: string | null;
  author_id: string | null;
  /** Whose record this is (migration 0002): an entry's author; for its attachments, reviews,
   * comments and conflicts, the author of the entry they belong to. Read filters use it. */
  owner_id: string | null;
  /** An attachment's photo hash (migration 0006), so GET /blobs can ask who may read it. */
  blob_sha256: string | null;
}

/**
 * The change log (migration 0007): one row per write, that is per record and stamp, holding every
 * field that write set. The primary key (table, record_id, stamp) is what makes a replay log
 * nothing twice (write-log.ts).
 */
export interface ChangeLogTable {
  /** Cursor position when the write was logged; not unique: a write that lost changed no
   * record, and is logged at the position the push had reached. */
  seq: BigIntCol;
  table: string;
  record_id: string;
  stamp: string;
  /** JSON object: field → the value the write set. */
  fields: string;
  /** JSON object: field → the stamp its author saw, for the fields that had one. */
  bases: string;
  device_id: string;
  received_at: BigIntCol;
}

export interface DevicesTable {
  id: string;
  /** SHA-256 hex of the token; the token itself is never stored. */
  token_hash: string;
  name: string | null;
  created_at: BigIntCol;
  revoked_at: BigIntCol | null;
  /** Filled by joining with a code: null means a plain participant device. */
  role: string | null;
  workshop_id: string | null;
  /** Sign-in sessions (admin) end here, ms; null = no expiry (migration 0003 or 0002). */
  expires_at: BigIntCol | null;
  /** When the device last made an authenticated request, ms, written at most once a minute
   * (migration 0004); null = not since. */
  last_seen_at?: BigIntCol | null;
  /** SHA-256 hex of the secret the device made (migration 0008); null = not proven yet. */
  secret_hash?: string | null;
  /** The admin account this device last signed in as (migration 0008). */
  admin_id?: string | null;
}

/** Central-office accounts. password_hash is `scrypt$N$r$p$salt$hash` (base64). */
export interface AdminsTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: BigIntCol;
}

/** Join codes (migration 0002): kept as typed so a poster can be printed again; a rotated code
 * gets revoked_at and stops working. */
export interface WorkshopCodesTable {
  code: string;
  workshop_id: string;
  role: string;
  created_at: BigIntCol;
  revoked_at: BigIntCol | null;
}

export interface BlobsTable {
  sha256: string;
  size: BigIntCol;
  mime: string;
  created_at: BigIntCol;
}

/** Who uploaded which photo (migration 0010): one row per photo and device. */
export interface BlobUploadsTable {
  sha256: string;
  device_id: string;
  created_at: BigIntCol;
}

/** A photo upload begun and not finished (migration 0013, store/blob-partials.ts). */
export interface BlobPartialsTable {
  sha256: string;
  device_id: string;
  mime: string;
  total: BigIntCol;
  received: BigIntCol;
  updated_at: BigIntCol;
}

/** One row (id = 1) holding the last cursor value handed out. Updating it inside every write
 * transaction serialises writers, so cursor order is commit order (DESIGN.md "Cursor"). */
export interface SyncCounterTable {
  id: number;
  value: BigIntCol;
}

/** Rate-limit windows shared by the processes of one PostgreSQL (migration 0008). */
export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: BigIntCol;
}

export interface Database {
  records: RecordsTable;
  change_log: ChangeLogTable;
  devices: DevicesTable;
  blobs: BlobsTable;
  blob_uploads: BlobUploadsTable;
  blob_partials: BlobPartialsTable;
  sync_counter: SyncCounterTable;
  admins: AdminsTable;
  workshop_codes: WorkshopCodesTable;
  rate_limits: RateLimitsTable;
}
