/**
 * Rate-limit counters in the database: fixed windows per key, counted with one
 * atomic upsert, so every process on one PostgreSQL counts against the same quota. (SQLite is
 * one process: http/rate-counter.ts counts in memory there and never calls these.) Expired
 * windows are swept now and then by the writer that finds them.
 */
import { sql, type Kysely } from 'kysely';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

/** One sweep of expired windows per this many hits (per process). */
const SWEEP_EVERY = 500;

export interface RateCountStore {
  /** Count one hit of `key` in its fixed window (a new one of `windowMs` when none is open at
   * `now`), atomically across processes; returns the count including this hit. */
  rateHit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Take one hit back (a sign-in that succeeded), if its window is still open. */
  rateRefund(key: string, now: number): Promise<void>;
}

export function rateCountStore(db: Kysely<Database>): RateCountStore {
  let hits = 0;
  return {
    async rateHit(key, windowMs, now) {
      if (++hits % SWEEP_EVERY === 0)
        await db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
      const expired = sql<boolean>`${sql.ref('rate_limits.reset_at')} <= ${now}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, count: 1, reset_at: now + windowMs })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql<number>`case when ${expired} then 1 else ${sql.ref('rate_limits.count')} + 1 end`,
            reset_at: sql<number>`case when ${expired} then ${now + windowMs} else ${sql.ref('rate_limits.reset_at')} end`,
          }),
        )
        .returning(['count', 'reset_at'])
        .executeTakeFirstOrThrow();
      return { count: num(row.count), resetAt: num(row.reset_at) };
    },

    async rateRefund(key, now) {
      await db
        .updateTable('rate_limits')
        .set({ count: sql<number>`${sql.ref('count')} - 1` })
        .where('key', '=', key)
        .where('reset_at', '>', now)
        .where('count', '>', 0)
        .execute();
    },
  };
}
