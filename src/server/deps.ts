/** Everything the HTTP layer is built from; tests pass in-memory or throwaway versions. */
import type { HlcClock } from '../core/index.ts';
import type { BlobStore } from './blobs/types.ts';
import type { Logger } from './http/errors.ts';
import type { RateLimit } from './http/rate-limit.ts';
import type { RateCounter } from './http/rate-counter.ts';
import type { Store } from './store/types.ts';

export interface ServerDeps {
  store: Store;
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
