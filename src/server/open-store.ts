/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite. */
import { join } from 'node:path';
import type { Config } from './config.ts';
import { createDiskBlobStore } from './blobs/disk.ts';
import { createPostgresStore } from './store/postgres.ts';
import { createSqliteStore } from './store/sqlite.ts';

/** `warm`: the server's store, whose PostgreSQL connections are all opened up front. */
export async function openStores(config: Config, opts: { warm?: boolean } = {}) {
  const store = config.databaseUrl
    ? createPostgresStore(config.databaseUrl, { warm: opts.warm ?? false })
    : createSqliteStore(config.dataDir);
  await store.migrate();
  const blobs = createDiskBlobStore(join(config.dataDir, 'blobs'));
  return { store, blobs };
}
