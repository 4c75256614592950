/**
 * What the server needs from storage, one small interface per concern, each with its own file:
 *
 *  part                 interface           file
 *  records and sync     SyncStore           sync-types.ts (sync-store.ts, push-tx.ts)
 *  devices and tokens   DeviceStore         device-store.ts
 *  admin accounts       AdminStore          admin-store.ts
 *  rate-limit counters  RateCountStore      rate-counts.ts
 *  photos               PhotoStore          photo-store.ts (blob-uploads.ts)
 *  unfinished uploads   PhotoPartialStore   blob-partials.ts
 *  workshops and codes  WorkshopCodeStore   workshop-codes.ts
 *  yearly pick-lists    PickListStore       pick-lists.ts
 *  follow-ups           FollowUpStore       follow-ups.ts (as `store.followUps`)
 *  the database         StoreLifecycle      lifecycle.ts
 *
 * `Store` is all of them on one database, as sqlite.ts and postgres.ts open it (kysely-store.ts
 * composes the parts); app.ts hands each route only the parts it uses. The same implementation
 * serves SQLite and PostgreSQL; tests run the same suite on both.
 */
import type { AdminStore } from './admin-store.ts';
import type { PhotoPartialStore } from './blob-partials.ts';
import type { DeviceStore } from './device-store.ts';
import type { FollowUpStore } from './follow-ups.ts';
import type { StoreLifecycle } from './lifecycle.ts';
import type { PhotoStore } from './photo-store.ts';
import type { PickListStore } from './pick-lists.ts';
import type { RateCountStore } from './rate-counts.ts';
import type { SyncStore } from './sync-types.ts';
import type { WorkshopCodeStore } from './workshop-codes.ts';

export type * from './admin-store.ts';
export type * from './blob-partials.ts';
export type * from './blob-uploads.ts';
export type * from './device-store.ts';
export type * from './follow-ups.ts';
export type * from './lifecycle.ts';
export type * from './photo-store.ts';
export type * from './pick-lists.ts';
export type * from './rate-counts.ts';
export type * from './sync-types.ts';
export type * from './workshop-codes.ts';

export interface Store
  extends
    StoreLifecycle,
    SyncStore,
    DeviceStore,
    AdminStore,
    RateCountStore,
    PhotoStore,
    PhotoPartialStore,
    WorkshopCodeStore,
    PickListStore {
  /** Follow-ups of stagnant innovations (store/follow-ups.ts). */
  readonly followUps: FollowUpStore;
}
