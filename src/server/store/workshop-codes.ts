/** Join codes per workshop and role, and the workshop list for the admin CLI. */
import type { Kysely, Selectable } from 'kysely';
import type { RecordDoc } from '../../core/index.ts';
import { num, numOrNull, rowToRecord } from './rows.ts';
import type { Database, WorkshopCodesTable } from './schema.ts';

export interface WorkshopCode {
  code: string;
  workshopId: string;
  role: 'participant' | 'facilitator';
  createdAt: number;
  revokedAt: number | null;
}

function rowToCode(r: Selectable<WorkshopCodesTable>): WorkshopCode {
  return {
    code: r.code,
    workshopId: r.workshop_id,
    role: r.role === 'facilitator' ? 'facilitator' : 'participant',
    createdAt: num(r.created_at),
    revokedAt: numOrNull(r.revoked_at),
  };
}

export interface WorkshopCodeStore {
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
}

export function workshopCodeStore(db: Kysely<Database>): WorkshopCodeStore {
  return {
    async putWorkshopCodes(workshopId, codes, now) {
      await db.transaction().execute(async (trx) => {
        for (const c of codes) {
          await trx
            .updateTable('workshop_codes')
            .set({ revoked_at: now })
            .where('workshop_id', '=', workshopId)
            .where('role', '=', c.role)
            .where('revoked_at', 'is', null)
            .execute();
          await trx
            .insertInto('workshop_codes')
            .values({
              code: c.code,
              workshop_id: workshopId,
              role: c.role,
              created_at: now,
              revoked_at: null,
            })
            .execute();
        }
      });
    },

    async workshopCode(code) {
      const r = await db
        .selectFrom('workshop_codes')
        .selectAll()
        .where('code', '=', code)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return r ? rowToCode(r) : null;
    },

    async workshopCodes(workshopId) {
      const rows = await db
        .selectFrom('workshop_codes')
        .selectAll()
        .where('workshop_id', '=', workshopId)
        .where('revoked_at', 'is', null)
        .orderBy('role')
        .execute();
      return rows.map(rowToCode);
    },

    async listWorkshops() {
      const rows = await db
        .selectFrom('records')
        .select(['table', 'id', 'fields', 'stamps', 'bases'])
        .where('table', '=', 'workshops')
        .orderBy('id')
        .execute();
      return rows.map(rowToRecord);
    },
  };
}
