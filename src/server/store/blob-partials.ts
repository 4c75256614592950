/**
 * Photo uploads begun and not finished (migration 0013), one row per photo and device: the bytes
 * that arrived live in a file (blobs/disk.ts partials), this row says how many count. A chunk
 * moves `received` on only from the value it was sent against, so a retried chunk or two
 * requests racing never append twice.
 */
import type { Kysely } from 'kysely';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

/** A photo upload begun and not finished, per device (routes/blob-chunks.ts). */
export interface BlobPartial {
  sha256: string;
  deviceId: string;
  mime: string;
  total: number;
  received: number;
  updatedAt: number;
}

export interface PhotoPartialStore {
  /** This device's unfinished upload of this photo, or null. */
  getPartial(sha256: string, deviceId: string): Promise<BlobPartial | null>;
  /**
   * Record that the partial now holds `p.received` bytes: inserted when `from` is null (false if
   * one exists), else updated only while it still holds `from` bytes (false if it moved on).
   */
  savePartial(p: BlobPartial, from: number | null): Promise<boolean>;
  deletePartial(sha256: string, deviceId: string): Promise<void>;
  /** Forget it only while it still holds `from` bytes (the last chunk's answer to savePartial:
   * the upload is whole); false if it moved on or is gone. Its bytes count against the quota
   * through PhotoUploadStore.quotaUse. */
  deletePartialAt(sha256: string, deviceId: string, from: number): Promise<boolean>;
  /** Unfinished uploads that have not grown since `before`. */
  partialsBefore(before: number, limit: number): Promise<{ sha256: string; deviceId: string }[]>;
  /** Forget one listed by partialsBefore if it has still not grown; true if gone. */
  deletePartialBefore(sha256: string, deviceId: string, before: number): Promise<boolean>;
}

export function photoPartialStore(db: Kysely<Database>): PhotoPartialStore {
  return {
    async getPartial(sha256, deviceId) {
      const r = await db
        .selectFrom('blob_partials')
        .selectAll()
        .where('sha256', '=', sha256)
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
      if (!r) return null;
      return {
        sha256,
        deviceId,
        mime: r.mime,
        total: num(r.total),
        received: num(r.received),
        updatedAt: num(r.updated_at),
      };
    },

    async savePartial(p, from) {
      if (from === null) {
        const r = await db
          .insertInto('blob_partials')
          .values({
            sha256: p.sha256,
            device_id: p.deviceId,
            mime: p.mime,
            total: p.total,
            received: p.received,
            updated_at: p.updatedAt,
          })
          .onConflict((oc) => oc.columns(['sha256', 'device_id']).doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const r = await db
        .updateTable('blob_partials')
        .set({ received: p.received, updated_at: p.updatedAt })
        .where('sha256', '=', p.sha256)
        .where('device_id', '=', p.deviceId)
        .where('received', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async deletePartial(sha256, deviceId) {
      await db
        .deleteFrom('blob_partials')
        .where('sha256', '=', sha256)
        .where('device_id', '=', deviceId)
        .execute();
    },

    async deletePartialAt(sha256, deviceId, from) {
      const r = await db
        .deleteFrom('blob_partials')
        .where('sha256', '=', sha256)
        .where('device_id', '=', deviceId)
        .where('received', '=', from)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    async partialsBefore(before, limit) {
      const rows = await db
        .selectFrom('blob_partials')
        .select(['sha256', 'device_id'])
        .where('updated_at', '<', before)
        .limit(limit)
        .execute();
      return rows.map((r) => ({ sha256: r.sha256, deviceId: r.device_id }));
    },

    async deletePartialBefore(sha256, deviceId, before) {
      const r = await db
        .deleteFrom('blob_partials')
        .where('sha256', '=', sha256)
        .where('device_id', '=', deviceId)
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
