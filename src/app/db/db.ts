/**
 * The only module that opens Dexie. What is stored where, and why:
 * - one table per synced record type (entries, attachments, reviews, comments, workshops,
 *   conflicts), each row a merge document (fields + per-field HLC stamps + bases; a stamp and
 *   base shared by every field is stored once: stamp-codec.ts);
 * - `outbox`: every local write that must reach the server, appended in the same transaction as
 *   the record it changes, so a crash can never leave one without the other;
 * - `blobs`: photo bytes keyed by SHA-256 (content-addressed: the same photo is stored once);
 * - `drafts`: forms being typed, autosaved on every change, local only;
 * - `history`: values that lost a merge on this device, so nothing typed is ever lost;
 * - `meta`: device id, HLC state, sync cursor, token, clock offset, settings;
 * - `entryRows`, `dashboardRows`: small cached rows per entry for the list and the admin
 *   dashboard (v2; rebuilt from `entries` at will).
 * Schema versions are migrations: never edit a shipped version, add the next one.
 */
import { Dexie, type EntityTable } from 'dexie';
import { SYNCED_TABLES } from '../../core/record.ts';
import { stampCodec } from './stamp-codec.ts';
import type {
  BlobRow,
  DashboardRow,
  DraftRow,
  EntryRow,
  HistoryRow,
  MetaRow,
  OutboxRow,
  StoredRecord,
} from './types.ts';

export const DB_NAME = 'lumbung-inovasi';

export type LumbungDb = Dexie & {
  entries: EntityTable<StoredRecord, 'id'>;
  attachments: EntityTable<StoredRecord, 'id'>;
  reviews: EntityTable<StoredRecord, 'id'>;
  comments: EntityTable<StoredRecord, 'id'>;
  workshops: EntityTable<StoredRecord, 'id'>;
  conflicts: EntityTable<StoredRecord, 'id'>;
  outbox: EntityTable<OutboxRow, 'seq'>;
  blobs: EntityTable<BlobRow, 'sha256'>;
  drafts: EntityTable<DraftRow, 'id'>;
  history: EntityTable<HistoryRow, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  entryRows: EntityTable<EntryRow, 'id'>;
  dashboardRows: EntityTable<DashboardRow, 'id'>;
};

/** Version 1 of the schema. Index only what queries need: every index costs on each write. */
export const SCHEMA_V1 = {
  entries: 'id, updatedAt, fields.opd, fields.tahapan, fields.authorId, fields.workshopId',
  attachments: 'id, fields.entryId, fields.sha256',
  reviews: 'id, fields.entryId',
  comments: 'id, fields.entryId',
  workshops: 'id',
  conflicts: 'id, fields.recordId',
  outbox: '++seq, &changeId, id, state',
  blobs: 'sha256, uploaded',
  drafts: 'id, entryId, updatedAt',
  history: 'id, recordId',
  meta: 'key',
} as const;

/**
 * Version 2, for "Entri saya" with thousands of entries: it opens on its newest page, read through
 * [author+updatedAt] (newest first, only this person's entries); the full search index follows
 * from `entryRows`, a small row per entry; the admin dashboard likewise from `dashboardRows`
 * (db/row-cache.ts: caches rebuilt from the records whenever they may be wrong). No existing row
 * changes: Dexie builds the new index and drops two unused ones on upgrade; the caches fill on
 * first use.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  // fields.tahapan went unused once search and filters ran in memory, and fields.authorId is
  // served by the compound index's first part (Dexie uses it for where('fields.authorId')):
  // two fewer indexes to update on every entry written, 10,000 of them in a first pull.
  entries: 'id, updatedAt, fields.opd, fields.workshopId, [fields.authorId+updatedAt]',
  entryRows: 'id',
  dashboardRows: 'id',
} as const;

/**
 * Version 3, for the first pull of a big workshop: every index is one more write per entry
 * stored, and a fresh device stores thousands at once (measured in Chromium: 10,000 entries put
 * in pages of 500 took ~0.2 s less for each of these two indexes). `fields.opd` served only the
 * admin's printed OPD report and `fields.workshopId` only the facilitator's room, which now read
 * the entries and filter them in memory: a device holds the entries of its own workshop(s), so
 * the room reads nearly all of them anyway, and the report is printed, not typed into. Dexie
 * drops the two indexes on upgrade; no row is rewritten.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  entries: 'id, updatedAt, [fields.authorId+updatedAt]',
} as const;

/**
 * Version 12 (the number this change was given), for "Siap diunggah ke IID" in the admin's lists
 * and dashboard: evidence files are attachments naming what they are for (`fields.evidenceFor`,
 * db/evidence.ts); a photo has none, so IndexedDB leaves it out of this index and the readiness
 * query reads the few evidence records, never every photo. Only the attachments table changes.
 */
export const SCHEMA_V12 = {
  attachments: 'id, fields.entryId, fields.sha256, fields.evidenceFor',
} as const;

export function openDb(name: string = DB_NAME): LumbungDb {
  const db = new Dexie(name) as LumbungDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2);
  db.version(3).stores(SCHEMA_V3);
  db.version(12).stores(SCHEMA_V12);
  // Stamps and bases shared by every field are stored once (stamp-codec.ts); no schema change.
  db.use(stampCodec([...SYNCED_TABLES, 'outbox']));
  return db;
}

/** The app's database. Tests may open their own with `openDb(name)`. */
export const db: LumbungDb = openDb();
