/**
 * Photos' part of storage: what the server holds of each photo (its bytes are in the blob store,
 * blobs/), who uploaded it and which records name it (blob-uploads.ts), and whether a reader may
 * fetch it. Unfinished uploads are their own part (blob-partials.ts).
 */
import type { Kysely } from 'kysely';
import { blobUploadMethods, type PhotoUploadStore } from './blob-uploads.ts';
import { inScope } from './pull-scoped.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';
import type { ReadScope } from './sync-types.ts';

export interface BlobMeta {
  sha256: string;
  size: number;
  mime: string;
  createdAt: number;
}

export interface PhotoStore extends PhotoUploadStore {
  /** Record a stored photo; false when the server held it already (the row is kept). */
  putBlobMeta(m: BlobMeta): Promise<boolean>;
  getBlobMeta(sha256: string): Promise<BlobMeta | null>;
  /** Whether an attachment that `scope` may read names this photo (GET /blobs asks; a scope of
   * everything needs no asking). */
  blobInScope(sha256: string, scope: Exclude<ReadScope, { kind: 'all' }>): Promise<boolean>;
}

export function photoStore(db: Kysely<Database>): PhotoStore {
  return {
    ...blobUploadMethods(db),

    async putBlobMeta(m) {
      const r = await db
        .insertInto('blobs')
        .values({ sha256: m.sha256, size: m.size, mime: m.mime, created_at: m.createdAt })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async getBlobMeta(sha256) {
      const r = await db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      return r ? { sha256: r.sha256, size: num(r.size), mime: r.mime, createdAt: num(r.created_at) } : null;
    },

    async blobInScope(sha256, scope) {
      const row = await db
        .selectFrom('records')
        .select('id')
        .where('blob_sha256', '=', sha256)
        .where('table', '=', 'attachments')
        .where((eb) => inScope(eb, scope))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
