/**
 * Handing out device tokens (open registration, join, admin sign-in) with proof of possession
 *. Device ids are public: they are the node of every stamp a peer pulls and the author
 * of every entry. So a KNOWN id gets a new token only from a caller who shows the device's secret
 * (made on the device, only its hash stored) or its current token; anything else is
 * 'not_yours', decided before anything else is told about the device (revoked, its role), so the
 * answer says nothing about a device that is not the caller's. The decision is taken inside the
 * transaction that writes, on a locked row on PostgreSQL, so two callers racing for one id
 * cannot both win.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, DevicesTable } from './schema.ts';
import type { DbEngine, DeviceProof, IssueOutcome, Store } from './types.ts';

interface StoredProof {
  token_hash: string;
  secret_hash?: string | null;
}

/** Whether `p` proves possession of the stored device: its secret, or its current token. */
export function proves(stored: StoredProof, p: DeviceProof): boolean {
  if (p.trusted === true) return true;
  if (p.secretHash !== null && stored.secret_hash != null && p.secretHash === stored.secret_hash) return true;
  return p.bearerHash !== null && p.bearerHash === stored.token_hash;
}

type Existing = StoredProof & {
  revoked_at: number | string | null;
  role: string | null;
  workshop_id: string | null;
};

export function deviceMethods(
  db: Kysely<Database>,
  engine: DbEngine,
): Pick<Store, 'registerDevice' | 'issueDevice' | 'claimDeviceSecret'> {
  /** The stored device, its row locked for this transaction on PostgreSQL. */
  const lockedDevice = (trx: Transaction<Database>, id: string): Promise<Existing | undefined> =>
    trx
      .selectFrom('devices')
      .select(['token_hash', 'secret_hash', 'revoked_at', 'role', 'workshop_id'])
      .where('id', '=', id)
      .$if(engine === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();

  /**
   * Insert the device when its id is new ('created', one statement: nearly every call, a room
   * arriving at once); else `decide` on the locked row, which writes and answers.
   */
  async function createOr(
    row: Insertable<DevicesTable>,
    decide: (trx: Transaction<Database>, existing: Existing) => Promise<IssueOutcome>,
  ): Promise<IssueOutcome> {
    const inserted = await db
      .insertInto('devices')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'created';
    return db.transaction().execute(async (trx) => {
      const existing = await lockedDevice(trx, row.id);
      if (!existing) {
        // Deleted between the two statements (nothing deletes devices today): insert it now.
        await trx.insertInto('devices').values(row).execute();
        return 'created';
      }
      return decide(trx, existing);
    });
  }

  return {
    async registerDevice(d) {
      const row = {
        id: d.id,
        token_hash: d.tokenHash,
        name: d.name,
        created_at: d.now,
        revoked_at: null,
        role: null,
        workshop_id: null,
        secret_hash: d.secretHash,
        // Registering is a visit: the device's first syncs then need no "last seen" write.
        last_seen_at: d.now,
      };
      return createOr(row, async (trx, existing) => {
        if (!proves(existing, d)) return 'not_yours';
        if (existing.revoked_at != null) return 'revoked';
        // Open registration never renews a joined or admin device (it would lose its scope).
        if (existing.role !== null || existing.workshop_id !== null) return 'revoked';
        await trx
          .updateTable('devices')
          .set({
            token_hash: d.tokenHash,
            last_seen_at: d.now,
            secret_hash: existing.secret_hash ?? d.secretHash,
          })
          .where('id', '=', d.id)
          .execute();
        return 'rotated';
      });
    },

    async issueDevice(d) {
      // The token's scope, and "last seen": joining (or signing in) is a visit, as registering is.
      const issued = {
        token_hash: d.tokenHash,
        role: d.role,
        workshop_id: d.workshopId,
        expires_at: d.expiresAt,
        last_seen_at: d.now,
        admin_id: d.adminId ?? null,
      };
      const row = {
        id: d.id,
        name: d.name,
        created_at: d.now,
        revoked_at: null,
        secret_hash: d.secretHash,
        ...issued,
      };
      return createOr(row, async (trx, existing) => {
        if (!proves(existing, d)) return 'not_yours';
        if (existing.revoked_at != null) return 'revoked';
        await trx
          .updateTable('devices')
          .set({ ...issued, secret_hash: existing.secret_hash ?? d.secretHash })
          .where('id', '=', d.id)
          .execute();
        return 'rotated';
      });
    },

    async claimDeviceSecret(id, secretHash) {
      const r = await db
        .updateTable('devices')
        .set({ secret_hash: secretHash })
        .where('id', '=', id)
        .where('secret_hash', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
