/**
 * auth/record-scope.ts, row by row of its table: where each kind of record belongs, which record
 * a child follows, and that a child whose parent is not stored belongs to nobody. Pure: the
 * parents are a map here; the push reads them from its transaction.
 */
import { describe, expect, it } from 'vitest';
import type { RecordDoc, SyncedTable } from '$src/core/index.ts';
import { recordScope, scopeParent } from '$src/server/auth/record-scope.ts';
import type { ScopedRecord } from '$src/server/store/types.ts';

const doc = (table: SyncedTable, id: string, fields: RecordDoc['fields']): RecordDoc => ({
  table,
  id,
  fields,
  stamps: {},
  bases: {},
});

const stored = new Map<string, ScopedRecord>([
  ['entries/e1', { doc: doc('entries', 'e1', {}), scope: { workshopId: 'w1', ownerId: 'ana' } }],
  ['attachments/a1', { doc: doc('attachments', 'a1', {}), scope: { workshopId: 'w1', ownerId: 'ana' } }],
]);
const load = (table: string, id: string) => Promise.resolve(stored.get(`${table}/${id}`) ?? null);

describe('recordScope', () => {
  // [table, fields, workshopId, ownerId]
  const rows: [SyncedTable, RecordDoc['fields'], string | null, string | null][] = [
    ['workshops', { nama: 'W' }, 'rec', null],
    ['entries', { workshopId: 'w2', authorId: 'budi' }, 'w2', 'budi'],
    ['entries', { nama: 'no workshop' }, null, null],
    ['attachments', { entryId: 'e1', authorId: 'budi' }, 'w1', 'ana'],
    ['reviews', { entryId: 'e1' }, 'w1', 'ana'],
    ['comments', { entryId: 'e1', authorId: 'budi' }, 'w1', 'ana'],
    ['comments', { entryId: 'not-stored' }, null, null],
    ['comments', { text: 'no entryId' }, null, null],
    ['conflicts', { table: 'entries', recordId: 'e1' }, 'w1', 'ana'],
    ['conflicts', { table: 'attachments', recordId: 'a1' }, 'w1', 'ana'],
    ['conflicts', { table: 'entries', recordId: 'not-stored' }, null, null],
  ];
  it.each(rows)('%s %j → workshop %s, owner %s', async (table, fields, workshopId, ownerId) => {
    expect(await recordScope(doc(table, 'rec', fields), load)).toEqual({ workshopId, ownerId });
  });
});

describe('scopeParent', () => {
  it('names the entry of a child, the record of a conflict, nothing for workshops and entries', () => {
    expect(scopeParent('attachments', { entryId: 'e1' })).toEqual({ table: 'entries', id: 'e1' });
    expect(scopeParent('reviews', { entryId: 'e1' })).toEqual({ table: 'entries', id: 'e1' });
    expect(scopeParent('comments', { entryId: 7 })).toBeNull();
    expect(scopeParent('conflicts', { table: 'entries', recordId: 'e1' })).toEqual({
      table: 'entries',
      id: 'e1',
    });
    expect(scopeParent('conflicts', { table: 'entries' })).toBeNull();
    expect(scopeParent('entries', { workshopId: 'w1', entryId: 'e1' })).toBeNull();
    expect(scopeParent('workshops', { entryId: 'e1' })).toBeNull();
  });
});
