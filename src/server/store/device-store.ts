/**
 * Devices and their tokens. Tokens are handed out (open registration, join, admin sign-in) with
 * proof of possession. Device ids are public: they are the node of every stamp a peer pulls and the author
 * of every entry. So a KNOWN id gets a new token only from a caller who shows the device's secret
 * (made on the device, only its hash stored) or its current token; anything else is
 * 'not_yours', decided before anything else is told about the device (revoked, its role), so the
 * answer says nothing about a device that is not the caller's. The decision is taken inside the
 * transaction that writes, on a locked row on PostgreSQL, so two callers racing for one id
 * cannot both win.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DbEngine } from './lifecycle.ts';
import { num, numOrNull } from './rows.ts';
import type { Database, DevicesTable } from './schema.ts';

export interface DeviceRow {
  id: string;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
  role: string | null;
  workshopId: string | null;
  /** Server ms after which the token no longer works (admin sign-in); null = none. */
  expiresAt: number | null;
  /** Server ms of its last authenticated request (to the minute); null = not recorded yet. */
  lastSeenAt: number | null;
  /** SHA-256 hex of the device's own secret; null = registered before devices had one. */
  secretHash: string | null;
  /** The admin account this device last signed in as; null = none. */
  adminId: string | null;
}

/**
 * What a caller shows to re-use a known device id: the hash of the device's secret
 * and/or of the token it holds. A known id is handed over only when one of them matches; an
 * unknown id is created with `secretHash` as its secret.
 */
export interface DeviceProof {
  secretHash: string | null;
  bearerHash: string | null;
  /** The caller is the server itself (tests' fixtures, an operator's tool): no proof asked. */
  trusted?: boolean;
}

/** 'not_yours': the id is known and the proof does not match (whatever else is true of it). */
export type IssueOutcome = 'created' | 'rotated' | 'revoked' | 'not_yours';

/** A device token handed out by a sign-in (admin) or a join code. */
export interface IssueDevice extends DeviceProof {
  id: string;
  /** Admin sign-in: the account, remembered so its next sign-in from here skips the user lock. */
  adminId?: string | null;
  tokenHash: string;
  name: string | null;
  role: string | null;
  workshopId: string | null;
  expiresAt: number | null;
  now: number;
}

export interface DeviceStore {
  /** Create the device, or give an existing active one a new token (a lost answer is retried). */
  registerDevice(
    d: DeviceProof & {
      id: string;
      tokenHash: string;
      name: string | null;
      now: number;
    },
  ): Promise<IssueOutcome>;
  /** Give device `id` a token with this role/scope/expiry (creating the device when new). */
  issueDevice(d: IssueDevice): Promise<IssueOutcome>;
  /** Set the secret of a device that has none yet (one from before secrets); false if it has. */
  claimDeviceSecret(id: string, secretHash: string): Promise<boolean>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceRow | null>;
  deviceById(id: string): Promise<DeviceRow | null>;
  revokeDevice(id: string, now: number): Promise<boolean>;
  listDevices(): Promise<DeviceRow[]>;
  /** Note that the device made a request at `now`; a no-op when noted less than `minGapMs` ago. */
  touchDevice(id: string, now: number, minGapMs: number): Promise<void>;
  /** Sign-out: the device's token hash becomes `replacement` (a hash of a token nobody holds)
   * and it expires now, so the old token stops working whichever check reads it. */
  endDeviceToken(tokenHash: string, replacement: string, now: number): Promise<boolean>;
}

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

function rowToDevice(r: Selectable<DevicesTable>): DeviceRow {
  return {
    id: r.id,
    name: r.name,
    createdAt: num(r.created_at),
    revokedAt: numOrNull(r.revoked_at),
    role: r.role,
    workshopId: r.workshop_id,
    expiresAt: numOrNull(r.expires_at ?? null),
    lastSeenAt: numOrNull(r.last_seen_at ?? null),
    secretHash: r.secret_hash ?? null,
    adminId: r.admin_id ?? null,
  };
}

export function deviceStore(db: Kysely<Database>, engine: DbEngine): DeviceStore {
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

    async deviceById(id) {
      const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToDevice(row) : null;
    },

    async deviceByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('devices')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? rowToDevice(row) : null;
    },

    async revokeDevice(id, now) {
      const r = await db
        .updateTable('devices')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async listDevices() {
      const rows = await db.selectFrom('devices').selectAll().orderBy('created_at').execute();
      return rows.map(rowToDevice);
    },

    async touchDevice(id, now, minGapMs) {
      await db
        .updateTable('devices')
        .set({ last_seen_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', now - minGapMs)]))
        .execute();
    },

    async endDeviceToken(tokenHash, replacement, now) {
      const r = await db
        .updateTable('devices')
        .set({ token_hash: replacement, expires_at: now })
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
