/**
 * Rows ⇄ domain objects. Every value was validated with zod on the way in; on the way out
 * (the pull hot path: 500 rows a page) a cheap structural check still makes a row damaged by
 * hand or by a bad migration fail loudly instead of syncing garbage to devices.
 */
import { SYNCED_TABLES, type RecordDoc } from '../../core/index.ts';
import { packStamps, unpackStamps } from '../../core/shared-stamps.ts';
import type { Selectable } from 'kysely';
import type { RecordsTable } from './schema.ts';

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

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`damaged row: ${what} is not an object`);
  return v as Record<string, unknown>;
}

const jsonObject = (text: string, what: string) => asObject(JSON.parse(text), what);

/** A stamps or bases column: a map per field, or one value for all (shared, see recordToRow). */
function jsonMapOrShared(text: string, what: string, nullable: boolean): unknown {
  const v: unknown = JSON.parse(text);
  return typeof v === 'string' || (nullable && v === null) ? v : asObject(v, what);
}

/** Whether a stamps column holds one stamp shared by every field (a JSON string). */
const isShared = (stamps: string) => stamps.charCodeAt(0) === 34; /* " */

export function rowToRecord(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): RecordDoc {
  if (!TABLES.has(row.table)) throw new Error(`damaged row: unknown table ${row.table}`);
  const where = `${row.table}/${row.id}`;
  const stamps = jsonMapOrShared(row.stamps, `${where} stamps`, false);
  const bases = jsonMapOrShared(row.bases, `${where} bases`, true);
  // Shared is written for both or for neither (recordToRow).
  if ((typeof stamps === 'string') !== (bases === null || typeof bases === 'string'))
    throw new Error(`damaged row: ${where} shares only one of its stamps and bases`);
  return unpackStamps({
    table: row.table as RecordDoc['table'],
    id: row.id,
    fields: jsonObject(row.fields, `${where} fields`) as RecordDoc['fields'],
    stamps: stamps as RecordDoc['stamps'],
    bases: bases as RecordDoc['bases'],
  });
}

/** The same record as JSON text, with a stamp and a base per field (as DESIGN.md describes),
 * built from the stored JSON columns without parsing them where they hold maps: the pull page is
 * most of the server's work, and these columns were validated when written. */
export function rowToRecordJson(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): string {
  if (!TABLES.has(row.table)) throw new Error(`damaged row: unknown table ${row.table}`);
  if (isShared(row.stamps)) return JSON.stringify(rowToRecord(row));
  return recordJson(row.table, row.id, row.fields, row.stamps, row.bases);
}

/**
 * The same record as JSON text with shared stamps where its fields share them
 * (core/shared-stamps.ts), for a device that reads them (protocol.ts SHARED_STAMPS_HEADER): less
 * than half the bytes of a saved entry for the device to read, check and store. Spliced from the
 * columns as stored (recordToRow stores shared stamps shared); a row stored before with maps is
 * parsed and packed if it can be.
 */
export function rowToSharedRecordJson(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): string {
  if (!TABLES.has(row.table)) throw new Error(`damaged row: unknown table ${row.table}`);
  if (isShared(row.stamps)) return recordJson(row.table, row.id, row.fields, row.stamps, row.bases);
  const { stamps, bases } = packStamps(rowToRecord(row));
  // Not shared: the maps as stored.
  if (typeof stamps !== 'string') return recordJson(row.table, row.id, row.fields, row.stamps, row.bases);
  return recordJson(row.table, row.id, row.fields, JSON.stringify(stamps), JSON.stringify(bases));
}

/** A record's JSON text from its columns, each JSON already. */
function recordJson(table: string, id: string, fields: string, stamps: string, bases: string): string {
  return `{"table":${JSON.stringify(table)},"id":${JSON.stringify(id)},"fields":${fields},"stamps":${stamps},"bases":${bases}}`;
}

/** The stamps a stamps column names, one per field or the one they share. */
export function storedStamps(stamps: string): string[] {
  const v = JSON.parse(stamps) as Record<string, string> | string;
  return typeof v === 'string' ? [v] : Object.values(v);
}

/**
 * A record as stored. Stamps and bases shared by every field are stored once (a JSON string, and
 * a string or null), as on the wire (core/shared-stamps.ts): a saved entry's row is then less than
 * half as long, for SQLite to write and for every pull to read, and a device that reads shared
 * stamps gets the columns spliced as they are. Rows stored before keep their maps; both read the
 * same (rowToRecord).
 */
export function recordToRow(doc: RecordDoc, seq: number, now: number): Selectable<RecordsTable> {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const { stamps, bases } = packStamps(doc);
  return {
    table: doc.table,
    id: doc.id,
    fields: JSON.stringify(doc.fields),
    stamps: JSON.stringify(stamps),
    bases: JSON.stringify(bases),
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
