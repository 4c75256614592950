/**
 * Rows ⇄ domain objects. Every value was validated with zod on the way in; on the way out
 * (the pull hot path: 500 rows a page) a cheap structural check still makes a row damaged by
 * hand or by a bad migration fail loudly instead of syncing garbage to devices.
 */
import { SYNCED_TABLES, type RecordDoc } from '../../core/index.ts';
import { packStamps } from '../../core/shared-stamps.ts';
import type { Selectable } from 'kysely';
import type { DevicesTable, RecordsTable } from './schema.ts';
import type { DeviceRow } from './types.ts';

/** pg returns bigint columns as strings; SQLite as numbers. */
export function num(v: number | string): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${String(v)}`);
  return n;
}

export function numOrNull(v: number | string | null): number | null {
  return v === null ? null : num(v);
}

const TABLES = new Set<string>(SYNCED_TABLES);

function jsonObject(text: string, what: string): Record<string, unknown> {
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`damaged row: ${what} is not an object`);
  return v as Record<string, unknown>;
}

export function rowToRecord(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): RecordDoc {
  if (!TABLES.has(row.table)) throw new Error(`damaged row: unknown table ${row.table}`);
  const where = `${row.table}/${row.id}`;
  return {
    table: row.table as RecordDoc['table'],
    id: row.id,
    fields: jsonObject(row.fields, `${where} fields`) as RecordDoc['fields'],
    stamps: jsonObject(row.stamps, `${where} stamps`) as RecordDoc['stamps'],
    bases: jsonObject(row.bases, `${where} bases`) as RecordDoc['bases'],
  };
}

/** The same record as JSON text, built from the stored JSON columns without parsing them: the
 * pull page is most of the server's work, and these columns were validated when written. */
export function rowToRecordJson(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): string {
  if (!TABLES.has(row.table)) throw new Error(`damaged row: unknown table ${row.table}`);
  return `{"table":${JSON.stringify(row.table)},"id":${JSON.stringify(row.id)},"fields":${row.fields},"stamps":${row.stamps},"bases":${row.bases}}`;
}

/**
 * The same record as JSON text with shared stamps where its fields share them
 * (core/shared-stamps.ts), for a device that reads them (protocol.ts SHARED_STAMPS_HEADER): less
 * than half the bytes of a saved entry for the device to read, check and store. The fields are
 * spliced as stored; stamps and bases are parsed to see whether they are shared.
 */
export function rowToSharedRecordJson(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): string {
  const { stamps, bases } = packStamps(rowToRecord(row));
  if (typeof stamps !== 'string') return rowToRecordJson(row);
  return `{"table":${JSON.stringify(row.table)},"id":${JSON.stringify(row.id)},"fields":${row.fields},"stamps":${JSON.stringify(stamps)},"bases":${JSON.stringify(bases)}}`;
}

export function recordToRow(doc: RecordDoc, seq: number, now: number): Selectable<RecordsTable> {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    table: doc.table,
    id: doc.id,
    fields: JSON.stringify(doc.fields),
    stamps: JSON.stringify(doc.stamps),
    bases: JSON.stringify(doc.bases),
    seq,
    updated_at: now,
    workshop_id: str(doc.fields['workshopId']),
    author_id: str(doc.fields['authorId']),
    // The push transaction overrides workshop_id/owner_id with the record's scope (children
    // take their entry's); this default is an entry's own.
    owner_id: str(doc.fields['authorId']),
    blob_sha256: doc.table === 'attachments' ? str(doc.fields['sha256']) : null,
  };
}

export function rowToDevice(r: Selectable<DevicesTable>): DeviceRow {
  return {
    id: r.id,
    name: r.name,
    createdAt: num(r.created_at),
    revokedAt: numOrNull(r.revoked_at),
    role: r.role,
    workshopId: r.workshop_id,
    expiresAt: numOrNull(r.expires_at ?? null),
    lastSeenAt: numOrNull(r.last_seen_at ?? null),
  };
}
