/**
 * The stores the server suite runs on: SQLite always, PostgreSQL when it answers. Use with
 * `describe.each(await storeKinds())('%s', (kind) => ...)` and `await openStore(kind)` in hooks.
 */
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDiskBlobStore } from '$src/server/blobs/disk.ts';
import type { BlobStore } from '$src/server/blobs/types.ts';
import { createPostgresStore } from '$src/server/store/postgres.ts';
import { createSqliteStore } from '$src/server/store/sqlite.ts';
import type { Store } from '$src/server/store/types.ts';
import { createSchema, dropSchema, PG_URL, pgUnavailable } from './pg.ts';

export type StoreKind = 'sqlite' | 'postgres';

export async function storeKinds(): Promise<StoreKind[]> {
  return (await pgUnavailable()) === null ? ['sqlite', 'postgres'] : ['sqlite'];
}

export const TMP_ROOT = join(process.cwd(), '.tmp', 'server-tests');

export function tempDir(prefix: string): string {
  mkdirSync(TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TMP_ROOT, `${prefix}-`));
}

export interface Opened {
  store: Store;
  blobs: BlobStore;
  /** A second Store on the same database (another "process"); PostgreSQL only. */
  another?: () => Store;
  dispose: () => Promise<void>;
}

export async function openStore(kind: StoreKind): Promise<Opened> {
  const dir = tempDir('blobs');
  const blobs = createDiskBlobStore(dir);
  if (kind === 'sqlite') {
    const store = createSqliteStore(':memory:');
    await store.migrate();
    return {
      store,
      blobs,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = await createSchema();
  const extra: Store[] = [];
  const store = createPostgresStore(PG_URL, { schema });
  await store.migrate();
  return {
    store,
    blobs,
    another: () => {
      const s = createPostgresStore(PG_URL, { schema });
      extra.push(s);
      return s;
    },
    dispose: async () => {
      for (const s of [store, ...extra]) await s.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
