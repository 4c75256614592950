/**
 * Who uploaded which photo (migration 0010), and the photos no record names. A device may hold
 * at most a quota of bytes in photos that no record names yet (routes/blobs.ts); an attachment may
 * name only a photo its device uploaded or may read (sync/photo-claims.ts); a photo nobody names
 * is removed after a grace period (blobs/sweep.ts).
 */
import { sql, type Kysely } from 'kysely';
import { inScope } from './pull-scoped.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';
import type { ReadScope } from './sync-types.ts';

/** Records name a photo through their indexed blob_sha256 column (migration 0006). */
function named(sha: ReturnType<typeof sql.ref>) {
  return sql<boolean>`exists (select 1 from records r where r.blob_sha256 = ${sha})`;
}

/** What counts against a device's photo quota, and whether the photo it sends is named already. */
export interface QuotaUse {
  /** Some record names this photo (a photo that is named costs no quota). */
  named: boolean;
  /** Bytes of the photos the device uploaded that no record names. */
  unnamedBytes: number;
  /** Declared bytes and count of the device's unfinished uploads (blob-partials.ts). */
  partialBytes: number;
  partialCount: number;
}

export interface PhotoUploadStore {
  /** Note that `deviceId` uploaded this photo; idempotent. */
  recordBlobUpload(sha256: string, deviceId: string, now: number): Promise<void>;
  /** Whether `deviceId` uploaded this photo (and it is still recorded: not swept). */
  uploadedBy(sha256: string, deviceId: string): Promise<boolean>;
  /** In one query, what an upload's quota check needs (routes/blob-chunks.ts checkQuota). */
  quotaUse(sha256: string, deviceId: string): Promise<QuotaUse>;
  /** Whether an attachment of `deviceId` may name this photo: it uploaded it, may read it through
   * another attachment, or nobody is recorded as its uploader (absent, or stored before 0010). */
  mayNameBlob(sha256: string, deviceId: string, scope: ReadScope): Promise<boolean>;
  /** Up to `limit` photos stored before `before` that no record names (the sweep's list). */
  unnamedBlobsBefore(before: number, limit: number): Promise<string[]>;
  /** Forget a photo listed by unnamedBlobsBefore, if it is still unnamed and old; true if gone. */
  deleteBlobMeta(sha256: string, before: number): Promise<boolean>;
}

export function blobUploadMethods(db: Kysely<Database>): PhotoUploadStore {
  return {
    async recordBlobUpload(sha256, deviceId, now) {
      await db
        .insertInto('blob_uploads')
        .values({ sha256, device_id: deviceId, created_at: now })
        .onConflict((oc) => oc.columns(['sha256', 'device_id']).doNothing())
        .execute();
    },

    async uploadedBy(sha256, deviceId) {
      const r = await db
        .selectFrom('blob_uploads')
        .select('sha256')
        .where('sha256', '=', sha256)
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
      return r !== undefined;
    },

    async quotaUse(sha256, deviceId) {
      // Four answers in one round trip: an upload's chunk is a handful of queries, each one the
      // pool and the event loop spend time on while other devices sync.
      const r = await db
        .selectNoFrom((eb) => [
          eb
            .selectFrom('records')
            .select(sql<number>`1`.as('one'))
            .where('blob_sha256', '=', sha256)
            .limit(1)
            .as('named'),
          eb
            .selectFrom('blob_uploads as u')
            .innerJoin('blobs as b', 'b.sha256', 'u.sha256')
            .select((e) => e.fn.coalesce(e.fn.sum<number | string>('b.size'), sql<number>`0`).as('n'))
            .where('u.device_id', '=', deviceId)
            .where(sql<boolean>`not ${named(sql.ref('u.sha256'))}`)
            .as('unnamed'),
          eb
            .selectFrom('blob_partials')
            .select((e) => e.fn.coalesce(e.fn.sum<number | string>('total'), sql<number>`0`).as('n'))
            .where('device_id', '=', deviceId)
            .as('partial_bytes'),
          eb
            .selectFrom('blob_partials')
            .select((e) => e.fn.countAll<number | string>().as('n'))
            .where('device_id', '=', deviceId)
            .as('partial_count'),
        ])
        .executeTakeFirstOrThrow();
      return {
        named: r.named !== null,
        unnamedBytes: num(r.unnamed ?? 0),
        partialBytes: num(r.partial_bytes ?? 0),
        partialCount: num(r.partial_count ?? 0),
      };
    },

    async mayNameBlob(sha256, deviceId, scope: ReadScope) {
      if (scope.kind === 'all') return true;
      const uploads = await db
        .selectFrom('blob_uploads')
        .select('device_id')
        .where('sha256', '=', sha256)
        .execute();
      // Not on the server (yet, or swept): naming it reads nothing. Stored before uploads were
      // recorded and named by nothing: as before 0010, until the sweep removes it.
      if (uploads.length === 0) return true;
      if (uploads.some((u) => u.device_id === deviceId)) return true;
      // Named by an attachment this device may read (as GET /blobs asks).
      const readable = await db
        .selectFrom('records')
        .select('id')
        .where('blob_sha256', '=', sha256)
        .where('table', '=', 'attachments')
        .where((eb) => inScope(eb, scope))
        .limit(1)
        .executeTakeFirst();
      return readable !== undefined;
    },

    async unnamedBlobsBefore(before, limit) {
      const rows = await db
        .selectFrom('blobs as b')
        .select('b.sha256')
        .where('b.created_at', '<', before)
        .where(sql<boolean>`not ${named(sql.ref('b.sha256'))}`)
        .limit(limit)
        .execute();
      return rows.map((r) => r.sha256);
    },

    async deleteBlobMeta(sha256, before) {
      // Only while still unnamed and old: a record may have named it since it was listed.
      const gone = await db
        .deleteFrom('blobs')
        .where('sha256', '=', sha256)
        .where('created_at', '<', before)
        .where(sql<boolean>`not ${named(sql.ref('blobs.sha256'))}`)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return false;
      await db.deleteFrom('blob_uploads').where('sha256', '=', sha256).execute();
      return true;
    },
  };
}
