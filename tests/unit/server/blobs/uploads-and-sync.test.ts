/**
 * One device's photo uploads never stop another device's /sync. Here the uploads are stuck in
 * their first query of the upload (the unfinished-upload lookup): on PostgreSQL inside the
 * database, behind a lock another session holds on blob_partials, so each stuck query holds a
 * pool connection as long as it waits; on SQLite at the store's door (its queries cannot wait:
 * one connection, synchronous). More uploads are stuck than the pool has connections, and a
 * /sync with a push and a pull still answers; released, every upload is stored. And the route
 * stores uploads PHOTO_UPLOADS_IN_FLIGHT at a time: while the first is stuck, the others wait.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomToken, uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { createDiskBlobStore } from '$src/server/blobs/disk.ts';
import { PHOTO_UPLOADS_IN_FLIGHT } from '$src/server/routes/blobs.ts';
import { PHOTO_QUERIES_IN_FLIGHT } from '$src/server/store/photo-gate.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import type { Store } from '$src/server/store/types.ts';
import { testApp } from '../helpers/app.ts';
import { change, register, stamp, sync } from '../helpers/client.ts';
import { createSchema, dropSchema, PG_URL } from '../helpers/pg.ts';
import { openStore, storeKinds, tempDir, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 11, 5, 8, 0, 0);
/** Connections of the PostgreSQL store here; more uploads than that are stuck at once. */
const POOL = 4;
const UPLOADS = POOL + 2;

const photo = (seed: number) =>
  new Uint8Array([0xff, 0xd8, ...Array.from({ length: 4_000 }, (_, i) => (i * seed) % 251), 0xff, 0xd9]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const nextTurn = () => new Promise((r) => setTimeout(r, 5));

describe.each(await storeKinds())('photo uploads beside /sync on %s', (kind) => {
  let opened: Opened;
  let admin: pg.Client | null = null;
  /** The application_name of the store's sessions (PostgreSQL). */
  const appName = `uploads_${randomToken(4)}`;
  /** Upload queries that reached the store (the unfinished-upload lookup). */
  let reached = 0;
  /** SQLite: the stuck lookups go on once this resolves. */
  let release: () => void = () => undefined;

  beforeEach(async () => {
    reached = 0;
    let opening: Opened;
    if (kind === 'postgres') {
      const schema = await createSchema();
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}application_name=${appName}`;
      const store = createPostgresStore(url, { schema, max: POOL });
      await store.migrate();
      const dir = tempDir('uploads-sync');
      opening = {
        store,
        blobs: createDiskBlobStore(dir),
        dispose: async () => {
          await store.close();
          await dropSchema(schema);
          rmSync(dir, { recursive: true, force: true });
        },
      };
      admin = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
      await admin.connect();
    } else opening = await openStore(kind);
    const gate = new Promise<void>((r) => (release = r));
    const inner = opening.store;
    // Count each upload's first query; on SQLite, hold it there until released.
    const store: Store = {
      ...inner,
      getPartial: async (...args) => {
        reached++;
        if (kind === 'sqlite') await gate;
        return inner.getPartial(...args);
      },
    };
    opened = { ...opening, store };
  });
  afterEach(async () => {
    release();
    await admin?.query('rollback').catch(() => undefined);
    await admin?.end();
    admin = null;
    await opened.dispose();
  });

  /** Sessions of the store waiting for a lock. */
  const lockWaiters = async () => {
    const r = await admin!.query<{ n: string }>(
      "select count(*) as n from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'",
      [appName],
    );
    return Number(r.rows[0]!.n);
  };

  const upload = (app: App, token: string, bytes: Uint8Array) =>
    app.request(`/api/v1/blobs/${sha(bytes)}`, {
      method: 'PUT',
      headers: {
        'content-type': 'image/jpeg',
        authorization: `Bearer ${token}`,
        'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
      },
      body: bytes.slice(),
    });

  /** A new entry of `dev`'s, pushed and pulled back: the /sync answers in full. */
  const syncs = async (app: App, dev: { deviceId: string; token: string }) => {
    const entryId = uuidv7();
    const entry = change(
      'entries',
      entryId,
      {
        nama: 'Inovasi',
        opd: 'Dinas Kominfo',
        tahapan: 'Inisiatif',
        authorId: dev.deviceId,
        workshopId: null,
      },
      stamp(T0, dev.deviceId),
    );
    const answer = await sync(app, dev, 0, [entry]);
    expect(answer.accepted).toEqual([entry.changeId]);
    expect(answer.changes.map((r) => r.id)).toContain(entryId);
  };

  /** Start UPLOADS uploads of `uploader`'s, stuck at their first query (see the header). */
  const stuckUploads = async (app: App, uploader: { token: string }) => {
    if (admin) {
      await admin.query('begin');
      await admin.query('lock table blob_partials in access exclusive mode');
    }
    const photos = Array.from({ length: UPLOADS }, (_, i) => photo(i + 3));
    return { photos, answers: photos.map((bytes) => upload(app, uploader.token, bytes)) };
  };

  const released = async (
    uploader: { deviceId: string },
    stuck: { photos: Uint8Array[]; answers: (Response | Promise<Response>)[] },
  ) => {
    release();
    if (admin) await admin.query('commit');
    const answers = await Promise.all(stuck.answers);
    expect(answers.map((r) => r.status)).toEqual(stuck.photos.map(() => 201));
    for (const bytes of stuck.photos)
      expect(await opened.store.uploadedBy(sha(bytes), uploader.deviceId)).toBe(true);
  };

  it('a /sync answers while more uploads than pool connections are stuck in their queries', async () => {
    // Every upload let through to its queries, to see what they hold of the pool.
    const app = testApp(opened, () => T0, { photoUploadsInFlight: UPLOADS });
    const uploader = await register(app);
    const syncer = await register(app);
    const stuck = await stuckUploads(app, uploader);
    // Every upload has made its first query, and on PostgreSQL the first of them wait in the
    // database (holding their connections).
    while (reached < UPLOADS) await nextTurn();
    if (admin) while ((await lockWaiters()) === 0) await nextTurn();

    await syncs(app, syncer);
    // The uploads hold at most their share of the pool, the rest wait their turn in memory.
    if (admin) expect(await lockWaiters()).toBeLessThanOrEqual(PHOTO_QUERIES_IN_FLIGHT);
    await released(uploader, stuck);
  });

  it('stores uploads one at a time: the others wait, their bytes read, while a /sync answers', async () => {
    const app = testApp(opened, () => T0);
    const uploader = await register(app);
    const syncer = await register(app);
    const stuck = await stuckUploads(app, uploader);
    while (reached === 0) await nextTurn();
    if (admin) while ((await lockWaiters()) === 0) await nextTurn();

    await syncs(app, syncer);
    // The first upload is still stuck, and no other has begun storing.
    expect(reached).toBe(PHOTO_UPLOADS_IN_FLIGHT);
    await released(uploader, stuck);
  });
});
