/**
 * Where a record belongs: the workshop and the owner stored beside it (records.workshop_id /
 * owner_id), which every pull filters on (readScope) and every permission rule compares against
 * (permissions.ts). Worked out inside the push transaction that writes the record, from the
 * records as that transaction sees them, so a child can never be stored with a stale scope.
 *
 *  table                            workshop            owner
 *  workshops                        itself              nobody
 *  entries                          its workshopId      its authorId
 *  conflicts                        their record's      their record's
 *  attachments, reviews, comments   their entry's       their entry's (the entry's author reads
 *  (any other table: its entryId)                       a facilitator's review of it)
 *
 * A record whose parent is not stored (yet) belongs to nobody: no workshop, no owner.
 */
import type { RecordDoc } from '../../core/index.ts';
import type { Scope, ScopedRecord } from '../store/types.ts';

/** A stored record, named by table and id. */
export interface RecordKey {
  table: string;
  id: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The record whose scope a record of `table` with `fields` follows, or null when it has its own
 * (workshops, entries) or names none. The push reads these up front (push-reads.ts preload). */
export function scopeParent(table: string, fields: Readonly<Record<string, unknown>>): RecordKey | null {
  if (table === 'workshops' || table === 'entries') return null;
  const [t, id] =
    table === 'conflicts'
      ? [str(fields['table']), str(fields['recordId'])]
      : ['entries', str(fields['entryId'])];
  return t && id ? { table: t, id } : null;
}

/** The scope of `doc` by the table above; `load` reads a parent as the caller's transaction sees it. */
export async function recordScope(
  doc: RecordDoc,
  load: (table: string, id: string) => Promise<ScopedRecord | null>,
): Promise<Scope> {
  const f = doc.fields;
  if (doc.table === 'workshops') return { workshopId: doc.id, ownerId: null };
  if (doc.table === 'entries') return { workshopId: str(f['workshopId']), ownerId: str(f['authorId']) };
  const parent = scopeParent(doc.table, f);
  const ref = parent ? await load(parent.table, parent.id) : null;
  return ref ? { ...ref.scope } : { workshopId: null, ownerId: null };
}
