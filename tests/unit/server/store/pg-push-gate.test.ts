/**
 * On PostgreSQL every push queues for the one counter lock, holding a pool connection while it
 * waits. The store lets only a few pushes take connections at once (postgres.ts PUSHES_IN_FLIGHT),
 * so reads (the token check of every request, pulls) still get one while pushes queue.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomToken } from '$src/core/index.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import type { Store } from '$src/server/store/types.ts';
import { change, stamp } from '../helpers/client.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from '../helpers/pg.ts';

const reason = await pgUnavailable();
const T0 = Date.UTC(2026, 11, 1);

/** Sessions of `app` waiting for a lock (pg_stat_activity). */
async function lockWaiters(admin: pg.Client, app: string): Promise<number> {
  const r = await admin.query<{ n: string }>(
    "select count(*) as n from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'",
    [app],
  );
  return Number(r.rows[0]!.n);
}

// Skipped only when PostgreSQL does not answer and CI is not set (pgUnavailable: under CI a
// missing PostgreSQL fails the run instead); the reason is printed in the suite's name.
describe.skipIf(reason !== null)(
  `PostgreSQL pushes queued on the counter lock${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let schema: string;
    let admin: pg.Client;
    let store: Store | undefined;
    beforeEach(async () => {
      schema = await createSchema();
      admin = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
      await admin.connect();
    });
    afterEach(async () => {
      await admin.query('rollback').catch(() => undefined);
      await store?.close();
      await admin.end();
      await dropSchema(schema);
    });

    it('leave pool connections free for reads', async () => {
      const app = `gate_${randomToken(4)}`;
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}application_name=${app}`;
      // Three connections, one push at a time: two stay free for reads however many pushes wait.
      store = createPostgresStore(url, { schema, max: 3, pushesInFlight: 1 });
      await store.migrate();
      // Another writer holds the counter lock (a long push of another process).
      await admin.query('begin');
      await admin.query('select value from sync_counter where id = 1 for update');
      const pushes = Array.from({ length: 4 }, (_, i) =>
        store!.applyChanges(
          `dev-${i}`,
          [change('comments', `c${i}`, { text: `komentar ${i}` }, stamp(T0 + i, `dev-${i}`))],
          { now: T0, stamp: () => stamp(T0, 'server') },
        ),
      );
      for (let i = 0; i < 100 && (await lockWaiters(admin, app)) === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await lockWaiters(admin, app)).toBe(1);

      // A read (the token check every request makes) answers while the pushes wait.
      const read = store.deviceByTokenHash('0'.repeat(64));
      const timedOut = new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), 5_000));
      expect(await Promise.race([read, timedOut])).toBeNull();

      // Released, every push lands, one after another.
      await admin.query('commit');
      const results = await Promise.all(pushes);
      expect(results.map((r) => r.accepted.length)).toEqual([1, 1, 1, 1]);
      expect((await store.pull(0, 10)).cursor).toBe(4);
    });
  },
);
