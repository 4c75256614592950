/**
 * Everything the HTTP layer is built from; tests pass in-memory or throwaway versions. Storage
 * comes as its parts (store/types.ts), and each route names the parts it takes
 * (`Pick<ServerDeps, ...>`), so a route's signature says what it may touch.
 */
import type { HlcClock } from '../core/index.ts';
import type { BlobStore } from './blobs/types.ts';
import type { Logger } from './http/errors.ts';
import type { RateLimit } from './http/rate-limit.ts';
import type { RateCounter } from './http/rate-counter.ts';
import type {
  AdminStore,
  DeviceStore,
  FollowUpStore,
  PhotoPartialStore,
  PhotoStore,
  PickListStore,
  StoreLifecycle,
  SyncStore,
  WorkshopCodeStore,
} from './store/types.ts';

export interface ServerDeps {
  /** Records, pushes and pulls, the change log. */
  sync: SyncStore;
  /** Devices and their tokens. */
  devices: DeviceStore;
  /** Admin accounts. */
  admins: AdminStore;
  /** What the server holds of each photo, who uploaded it, who names it. */
  photos: PhotoStore;
  /** Photo uploads begun and not finished. */
  partials: PhotoPartialStore;
  /** Workshops' join codes and the workshop list. */
  workshops: WorkshopCodeStore;
  /** Follow-ups of stagnant innovations. */
  followUps: FollowUpStore;
  /** The yearly pick-lists the admin edits. */
  lists: PickListStore;
  /** The database itself: its engine and migrations (health, readiness). */
  database: Pick<StoreLifecycle, 'engine' | 'pendingMigrations'>;
  blobs: BlobStore;
  /** Server time in ms. */
  clock: () => number;
  hlc: HlcClock;
  log: Logger;
  version: string;
  registerLimit: RateLimit;
  /** POST /join per IP. */
  joinLimit: RateLimit;
  /** The counters of every rate limit (shared through PostgreSQL, in memory on SQLite). */
  rates: RateCounter;
  /** POST /devices answers at all (OPEN_REGISTRATION=1); off, every device joins by code. */
  openRegistration: boolean;
  /** Bytes of photos no record names that one device may hold (routes/blobs.ts). */
  photoQuotaBytes: number;
}
