/**
 * Follow-ups of stagnant innovations (migration 0014, core/follow-up.ts): one row per entry,
 * replaced whole by the admin's form. A small store of its own, reached as `store.followUps`.
 */
import type { Kysely } from 'kysely';
import type { FollowUp } from '../../core/follow-up.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

export interface FollowUpsTable {
  entry_id: string;
  penanggung_jawab: string;
  target: string | null;
  catatan: string;
  /** 0 open, 1 done (an integer: the same on SQLite and PostgreSQL). */
  selesai: number;
  updated_at: number | string;
  updated_by: string | null;
}

export interface FollowUpStore {
  get(entryId: string): Promise<FollowUp | null>;
  /** Every follow-up, by entry id; `limit` bounds the answer. */
  list(limit: number): Promise<FollowUp[]>;
  /** Insert or replace the follow-up of `f.entryId`. */
  put(f: FollowUp): Promise<void>;
  /** true when there was one. */
  remove(entryId: string): Promise<boolean>;
}

function toFollowUp(r: FollowUpsTable): FollowUp {
  return {
    entryId: r.entry_id,
    penanggungJawab: r.penanggung_jawab,
    target: r.target,
    catatan: r.catatan,
    selesai: Number(r.selesai) === 1,
    updatedAt: num(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export function followUpStore(base: Kysely<Database>): FollowUpStore {
  const db = base.withTables<{ follow_ups: FollowUpsTable }>();
  return {
    async get(entryId) {
      const r = await db
        .selectFrom('follow_ups')
        .selectAll()
        .where('entry_id', '=', entryId)
        .executeTakeFirst();
      return r ? toFollowUp(r) : null;
    },
    async list(limit) {
      const rows = await db.selectFrom('follow_ups').selectAll().orderBy('entry_id').limit(limit).execute();
      return rows.map(toFollowUp);
    },
    async put(f) {
      const row = {
        penanggung_jawab: f.penanggungJawab,
        target: f.target,
        catatan: f.catatan,
        selesai: f.selesai ? 1 : 0,
        updated_at: f.updatedAt,
        updated_by: f.updatedBy,
      };
      await db
        .insertInto('follow_ups')
        .values({ entry_id: f.entryId, ...row })
        .onConflict((oc) => oc.column('entry_id').doUpdateSet(row))
        .execute();
    },
    async remove(entryId) {
      const r = await db.deleteFrom('follow_ups').where('entry_id', '=', entryId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
