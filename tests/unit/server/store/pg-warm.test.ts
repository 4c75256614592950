/**
 * The server's PostgreSQL store opens its whole pool in migrate() (`warm`), so the first burst
 * of devices meets ready connections; other stores (tests, the admin CLI) connect as they need.
 * Counted in pg_stat_activity by a throwaway application_name.
 */
import pg from 'pg';
import { randomToken } from '$src/core/index.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from '../helpers/pg.ts';

const reason = await pgUnavailable();

async function connectionsOf(app: string): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where application_name = $1',
      [app],
    );
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

// Skipped only when PostgreSQL does not answer and CI is not set (pgUnavailable: under CI a
// missing PostgreSQL fails the run instead); the reason is printed in the suite's name.
describe.skipIf(reason !== null)(`PostgreSQL pool warm-up${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let schema: string;
  beforeEach(async () => {
    schema = await createSchema();
  });
  afterEach(async () => {
    await dropSchema(schema);
  });

  const urlFor = (app: string) => `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}application_name=${app}`;

  it('warm: migrate() leaves every pool connection open; close() ends them', async () => {
    const app = `warm_${randomToken(4)}`;
    const store = createPostgresStore(urlFor(app), { schema, max: 4, warm: true });
    await store.migrate();
    expect(await connectionsOf(app)).toBe(4);
    expect(await store.getRecord('entries', 'nothing')).toBeNull();
    await store.close();
    // A backend leaves pg_stat_activity just after its socket closes: give it a moment.
    let left = await connectionsOf(app);
    for (let i = 0; left > 0 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = await connectionsOf(app);
    }
    expect(left).toBe(0);
  });

  it('without warm, migrate() opens only what it used', async () => {
    const app = `lazy_${randomToken(4)}`;
    const store = createPostgresStore(urlFor(app), { schema, max: 4 });
    await store.migrate();
    expect(await connectionsOf(app)).toBeLessThan(4);
    await store.close();
  });
});
