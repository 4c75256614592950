/**
 * Builds the Hono app from its dependencies; composes, nothing more. Tests call
 * `createApp(...).request()` with no port; main.ts serves it.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { HlcClock } from '../core/index.ts';
import type { BlobStore } from './blobs/types.ts';
import { adminRoutes } from './admin/routes.ts';
import type { ServerDeps } from './deps.ts';
import { cleanUrl } from './http/clean-url.ts';
import { notFound, onError, type Logger } from './http/errors.ts';
import { clientInfo } from './http/client-address.ts';
import { jsonLength } from './http/json-length.ts';
import type { RateLimit } from './http/rate-limit.ts';
import { rateCounterFor } from './http/rate-counter.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { staticRoutes } from './http/static.ts';
import { blobRoutes, PHOTO_QUOTA_BYTES } from './routes/blobs.ts';
import { deviceRoutes } from './routes/devices.ts';
import { exportRoutes } from './routes/exports.ts';
import { healthRoutes } from './routes/health.ts';
import { joinRoutes } from './routes/join.ts';
import { listRoutes } from './routes/lists.ts';
import { readyRoutes } from './routes/ready.ts';
import { syncRoutes } from './routes/sync.ts';
import { createServerClock } from './sync/server-clock.ts';
import type { Store } from './store/types.ts';

export interface AppOptions {
  store: Store;
  blobs: BlobStore;
  /** Server time in ms (tests move it). */
  clock: () => number;
  log?: Logger;
  /** The built PWA; omitted in API-only tests. */
  staticDir?: string;
  version?: string;
  /** Device registrations per IP (default 120 a minute: a whole room behind one NAT). */
  registerLimit?: RateLimit;
  /** Joins per IP (default 60 a minute: a room joining at once behind one NAT; guessing an
   * 8-character code at that rate takes millennia). */
  joinLimit?: RateLimit;
  hlc?: HlcClock;
  /** Admin sign-in attempts per IP, per username and per known browser (default 5 per 15
   * minutes), counted before the password is checked (admin/sign-in.ts). */
  loginLimit?: RateLimit;
  /** Admin password checks at once and queued (default 1 and 8; admin/password-gate.ts). */
  passwordChecks?: { running: number; waiting: number };
  /** Open POST /devices (registration without a workshop); off by default (OPEN_REGISTRATION). */
  openRegistration?: boolean;
  /** Bytes of photos no record names that one device may hold (default PHOTO_QUOTA_BYTES). */
  photoQuotaBytes?: number;
  /** Photo uploads stored at once (default PHOTO_UPLOADS_IN_FLIGHT, routes/blobs.ts). */
  photoUploadsInFlight?: number;
  /** Reverse proxies in front whose X-Forwarded-For/-Proto are believed (TRUST_PROXY; 0: none). */
  trustProxy?: number;
  /** LOG_FORMAT=json: where each request's JSON line goes (omitted: no per-request log). */
  requestLog?: (line: string) => void;
  /** DATA_DIR, which GET /ready checks is writable. */
  dataDir?: string;
}

export function createApp(opts: AppOptions) {
  const { store } = opts;
  // The one Store, handed out by part: each route gets only the parts it names.
  const deps: ServerDeps = {
    sync: store,
    devices: store,
    admins: store,
    photos: store,
    partials: store,
    workshops: store,
    lists: store,
    followUps: store.followUps,
    database: store,
    blobs: opts.blobs,
    clock: opts.clock,
    hlc: opts.hlc ?? createServerClock(opts.clock),
    log: opts.log ?? console,
    version: opts.version ?? 'dev',
    registerLimit: opts.registerLimit ?? { max: 120, windowMs: 60_000 },
    joinLimit: opts.joinLimit ?? { max: 60, windowMs: 60_000 },
    rates: rateCounterFor(store, opts.clock),
    openRegistration: opts.openRegistration ?? false,
    photoQuotaBytes: opts.photoQuotaBytes ?? PHOTO_QUOTA_BYTES,
  };
  const adminOpts = {
    ...(opts.loginLimit ? { loginLimit: opts.loginLimit } : {}),
    ...(opts.passwordChecks ? { passwordChecks: opts.passwordChecks } : {}),
  };

  const api = new Hono()
    .use(jsonLength())
    .use(cleanUrl())
    .route('/health', healthRoutes(deps))
    .route('/ready', readyRoutes(deps, opts.dataDir))
    .route('/devices', deviceRoutes(deps))
    .route('/join', joinRoutes(deps))
    .route('/lists', listRoutes(deps))
    .route('/sync', syncRoutes(deps))
    .route(
      '/blobs',
      blobRoutes(deps, opts.photoUploadsInFlight ? { uploadsInFlight: opts.photoUploadsInFlight } : {}),
    )
    .route('/exports', exportRoutes(deps))
    .route('/admin', adminRoutes(deps, adminOpts));

  const app = new Hono();
  app.use(clientInfo(opts.trustProxy ?? 0));
  if (opts.requestLog) app.use(requestLog(opts.requestLog));
  app.use(securityHeaders());
  app.use(compress());
  app.route('/api/v1', api);
  if (opts.staticDir) app.route('/', staticRoutes(opts.staticDir));
  app.notFound(notFound);
  app.onError(onError(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
