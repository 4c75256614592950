/**
 * Rows ⇄ domain objects. JSON columns are parsed and checked with zod on the way out, so a row
 * damaged by hand or by a bad migration fails loudly instead of syncing garbage to devices.
 */
import { z } from 'zod';
import { RecordDocSchema, type RecordDoc } from '../../core/index.ts';
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

const jsonText = z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

export function rowToRecord(
  row: Pick<Selectable<RecordsTable>, 'table' | 'id' | 'fields' | 'stamps' | 'bases'>,
): RecordDoc {
  return RecordDocSchema.parse({
    table: row.table,
    id: row.id,
    fields: jsonText.parse(row.fields),
    stamps: jsonText.parse(row.stamps),
    bases: jsonText.parse(row.bases),
  });
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
  };
}
