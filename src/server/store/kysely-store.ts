/**
 * The Store over kysely, shared by SQLite and PostgreSQL: every part (types.ts) on one database.
 * sqlite.ts and postgres.ts open the database and wrap what differs per engine.
 */
import type { Kysely } from 'kysely';
import { adminStore } from './admin-store.ts';
import { photoPartialStore } from './blob-partials.ts';
import { deviceStore } from './device-store.ts';
import { followUpStore } from './follow-ups.ts';
import type { DbEngine } from './lifecycle.ts';
import { migrateToLatest, pendingMigrations } from './migrations.ts';
import { photoStore } from './photo-store.ts';
import { pickListMethods } from './pick-lists.ts';
import type { PageWriter } from './push-tx.ts';
import { rateCountStore } from './rate-counts.ts';
import type { Database } from './schema.ts';
import { syncStore } from './sync-store.ts';
import type { Store } from './types.ts';
import { workshopCodeStore } from './workshop-codes.ts';

export type { PageWriter } from './push-tx.ts';

export function createKyselyStore(
  db: Kysely<Database>,
  engine: DbEngine,
  onClose: () => Promise<void>,
  writer: PageWriter,
): Store {
  return {
    engine,
    migrate: () => migrateToLatest(db as unknown as Kysely<unknown>),
    pendingMigrations: () => pendingMigrations(db as unknown as Kysely<unknown>),
    close: onClose,
    ...syncStore(db, engine, writer),
    ...deviceStore(db, engine),
    ...adminStore(db),
    ...rateCountStore(db),
    ...photoStore(db),
    ...photoPartialStore(db),
    ...workshopCodeStore(db),
    ...pickListMethods(db),
    followUps: followUpStore(db),
  };
}
