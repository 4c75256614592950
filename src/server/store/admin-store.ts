/** Admin accounts (the central office): a username and an scrypt password hash each. */
import type { Kysely } from 'kysely';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

export interface AdminRow {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: number;
}

export interface AdminStore {
  createAdmin(a: AdminRow): Promise<'created' | 'exists'>;
  adminByUsername(username: string): Promise<AdminRow | null>;
  countAdmins(): Promise<number>;
  /** Replace an admin's password hash (a rehash at a higher cost after a good sign-in). */
  setAdminPasswordHash(id: string, passwordHash: string): Promise<void>;
}

export function adminStore(db: Kysely<Database>): AdminStore {
  return {
    async createAdmin(a) {
      const r = await db
        .insertInto('admins')
        .values({ id: a.id, username: a.username, password_hash: a.passwordHash, created_at: a.createdAt })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? 'created' : 'exists';
    },

    async adminByUsername(username) {
      const r = await db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirst();
      return r
        ? { id: r.id, username: r.username, passwordHash: r.password_hash, createdAt: num(r.created_at) }
        : null;
    },

    async countAdmins() {
      const r = await db
        .selectFrom('admins')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return num(r.n);
    },

    async setAdminPasswordHash(id, passwordHash) {
      await db.updateTable('admins').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },
  };
}
