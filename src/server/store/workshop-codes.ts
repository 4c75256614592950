/** Join codes per workshop and role, and the workshop list for the admin CLI. */
import type { Kysely, Selectable } from 'kysely';
import { num, numOrNull, rowToRecord } from './rows.ts';
import type { Database, WorkshopCodesTable } from './schema.ts';
import type { Store, WorkshopCode } from './types.ts';

function rowToCode(r: Selectable<WorkshopCodesTable>): WorkshopCode {
  return {
    code: r.code,
    workshopId: r.workshop_id,
    role: r.role === 'facilitator' ? 'facilitator' : 'participant',
    createdAt: num(r.created_at),
    revokedAt: numOrNull(r.revoked_at),
  };
}

export function workshopCodeMethods(
  db: Kysely<Database>,
): Pick<Store, 'putWorkshopCodes' | 'workshopCode' | 'workshopCodes' | 'listWorkshops'> {
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
