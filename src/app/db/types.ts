/** Row types of the device's IndexedDB (see db.ts for what lives where and why). */
import type { Change, FieldValue, Hlc, LostWrite, RecordDoc, SyncedTable } from '../../core/index.ts';
import type { EntryAuthor } from './entries.ts';

/** A synced record as stored on the device: the merge document plus local bookkeeping. */
export interface StoredRecord extends RecordDoc {
  /** Local time of the last local or remote write, for "recently changed" ordering. */
  updatedAt: number;
}

/** What "Entri saya" needs of one entry (db/summaries.ts): a small copy kept in `entryRows` so
 * the full list reads 8 properties per entry instead of a whole merge document. A cache only:
 * rebuilt from the records whenever it may be wrong, never synced, never the source of truth. */
export interface EntryRow {
  id: string;
  authorId: string;
  deleted: boolean;
  nama: string;
  opd: string;
  tahapan: string;
  updatedAt: number;
  /** Every text field, lowercased and joined: what search looks in. */
  search: string;
}

/** What the admin dashboard needs of one entry (state/admin/aggregate.ts toSummary). */
export interface DashboardSummary {
  id: string;
  nama: string;
  opd: string;
  tahapan: string;
  bentuk: string;
  jenis: string;
  urusanUtama: string;
  tematik: string;
  workshopId: string;
  /** Creation time (ms), 0 when unknown. */
  createdAt: number;
  /** Wall time (ms) of the HLC stamp of `tahapan`: when the stage last changed (or was set). */
  tahapanAt: number;
}

/** The dashboard's cached row per entry (`dashboardRows`, db/row-cache.ts); `summary` is null
 * for a deleted or merged-away entry (kept, so the cache has one row per record). */
export interface DashboardRow {
  id: string;
  updatedAt: number;
  summary: DashboardSummary | null;
}

export type OutboxState = 'pending' | 'rejected';

/** One local write waiting to reach the server. Written in the same transaction as the record. */
export interface OutboxRow extends Change {
  seq?: number;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** Why the server (or this device) refused this change, shown as "perlu perhatian". */
  error?: OutboxError;
}

/**
 * A refusal as a message code with its parameters, translated when shown (sync/describe.ts), so
 * it reads in the language the person uses then. `message`/`messageEn` hold text only for a code
 * this app cannot translate (a newer server's), and in rows stored before codes were.
 */
export interface OutboxError {
  code: string;
  params?: Record<string, string | number>;
  issues?: { path: string; code: string }[];
  message?: string;
  messageEn?: string;
}

/** A photo's bytes, content-addressed. `uploaded` is 0/1 because IndexedDB cannot index booleans. */
export interface BlobRow {
  sha256: string;
  blob: Blob;
  mime: string;
  size: number;
  width: number;
  height: number;
  createdAt: number;
  uploaded: 0 | 1;
}

/** A form being typed: local only, never synced. `entryId` is null until first saved. */
export interface DraftRow {
  id: string;
  entryId: string | null;
  values: Record<string, FieldValue>;
  /** Name of the field that had focus, so the form reopens where the person was. */
  focus: string | null;
  /** Photos picked for a new entry before it is saved (sha256 list; blobs are already stored). */
  photos: string[];
  /** Kiosk mode: the person typing on a shared device. */
  person: string | null;
  /** Kiosk mode: who the entry will belong to, so that the facilitator can open a draft a
   * participant left and finish it in their name (absent in drafts written before). */
  author?: EntryAuthor | null;
  updatedAt: number;
}

/** A field write that lost a merge on this device: the device's own history. */
export interface HistoryRow extends LostWrite {
  id: string;
  at: number;
}

export interface MetaRow {
  key: string;
  value: FieldValue;
}

export type { Hlc, SyncedTable };
