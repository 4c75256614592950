/**
 * The device's sync engine: one round at a time (a second caller joins the one running), the
 * backoff after failed rounds, and the photos of pulled records fetched after a round that
 * synced. What a round does is decided by the state machine in round.ts (read it first) and
 * performed by round-runner.ts. Exactly-once in effect: a row leaves the outbox only after the
 * server accepted it and the server's merge is idempotent, so a lost answer, a retry or a
 * duplicate only replays what is already there. Everything that can fail on the network is a
 * `SyncError` with a code; a round never throws.
 */
import { PUSH_MAX_CHANGES } from '../../core/protocol.ts';
import type { LumbungDb } from '../db/db.ts';
import { deviceId, deviceSecret } from '../replica/device.ts';
import { getToken, setLastSyncAt } from '../replica/sync-state.ts';
import { downloadBlobs } from './downloads.ts';
import { CLOCK_SKEW, start } from './round.ts';
import { BLOB_MISSING, runRound } from './round-runner.ts';
import { SyncError, type Transport } from './transport.ts';

export { PAGES_IN_FLIGHT } from './round.ts';
export { DOWNLOAD_MAX_BYTES, DOWNLOAD_MAX_PHOTOS } from './downloads.ts';

/** Push at most this much JSON per request (the server's limit is 1 MB). */
export const PUSH_MAX_BYTES = 900 * 1024;
/** Backoff after network/5xx failures: full jitter, capped. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export const LOCAL_CODES = {
  blobMissing: BLOB_MISSING,
  clockSkew: CLOCK_SKEW,
  internal: 'sync.internal',
} as const;

export interface SyncEngineDeps {
  db: LumbungDb;
  transport: Transport;
  /** The device's physical clock (skewed devices are simulated by passing a shifted one). */
  now?: () => number;
  /** For backoff jitter. */
  random?: () => number;
  deviceName?: string;
  /**
   * How this device gets a token when it has none or the server answered 401 (once a round).
   * Default: the open POST /api/v1/devices. A device that joined a workshop passes a
   * function that rejects with SyncError('api.unauthorized', 401, false) so the person is asked
   * to join again instead of silently becoming a device of no workshop.
   */
  register?: (deviceId: string, secret: string) => Promise<{ token: string; now: number }>;
  /** Limits, smaller in tests to exercise paging. */
  pushMaxChanges?: number;
  pushMaxBytes?: number;
  pullLimit?: number;
  downloadMaxPhotos?: number;
  downloadMaxBytes?: number;
  /**
   * Photos of this round on their way: `sending` is the one being sent now (1-based) of `total`;
   * null when none is left. The UI says "foto masih dikirim (2 dari 3)".
   */
  onPhotos?: (p: { sending: number; total: number } | null) => void;
}

export interface RoundResult {
  ok: boolean;
  /** Changes the server accepted in this round. */
  accepted: number;
  /** Changes that went to "perlu perhatian" in this round (server or device reason). */
  rejected: number;
  /** Records received from the server. */
  pulled: number;
  /** Changes re-stamped for clock skew. */
  restamped: number;
  /** Photos of pulled records downloaded and stored in this round. */
  downloaded: number;
  requests: number;
  error?: SyncError;
}

export interface SyncEngine {
  /** Run one round (or join the one running). Never throws for network or server trouble. */
  round(): Promise<RoundResult>;
  /** Consecutive failed rounds (network/5xx): drives the backoff. */
  readonly failures: number;
  /** Delay before the next automatic retry: exponential backoff with full jitter, capped. */
  retryDelay(): number;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, transport } = deps;
  const now = deps.now ?? (() => Date.now());
  const random = deps.random ?? Math.random;
  const pushMax = Math.min(deps.pushMaxChanges ?? PUSH_MAX_CHANGES, PUSH_MAX_CHANGES);
  let running: Promise<RoundResult> | null = null;
  let failures = 0;
  /**
   * A page sent early was refused as a whole request (an older server that does not know
   * `holdsOwn`, after a rollback): from then on this engine sends one page at a time.
   */
  let earlyRefused = false;
  /** Failed downloads per photo hash (this session): those go after the others next round. */
  const downloadFailures = new Map<string, number>();

  async function run(): Promise<RoundResult> {
    const result: RoundResult = {
      ok: false,
      accepted: 0,
      rejected: 0,
      pulled: 0,
      restamped: 0,
      downloaded: 0,
      requests: 0,
    };
    try {
      const node = await deviceId(db);
      // Made now on a device from before secrets; sent with every sync (db/syncstate.ts).
      const secret = await deviceSecret(db);
      const counted = () => void result.requests++;
      const final = await runRound(
        {
          db,
          transport,
          now,
          node,
          secret,
          register: () =>
            deps.register ? deps.register(node, secret) : transport.register(node, deps.deviceName, secret),
          pushBytes: deps.pushMaxBytes ?? PUSH_MAX_BYTES,
          pullLimit: deps.pullLimit,
          onPhotos: deps.onPhotos,
          counted,
        },
        start({ token: await getToken(db), pushMax, earlyRefused }),
      );
      earlyRefused = final.earlyRefused;
      Object.assign(result, final.counts);
      if (final.phase === 'failed') {
        const f = final.failure!;
        throw f.error instanceof SyncError || !f.net
          ? f.error
          : new SyncError(f.net.code, f.net.status, f.net.retryable);
      }
      deps.onPhotos?.(null);
      result.ok = true;
      failures = 0;
      await setLastSyncAt(db, now());
      // Photos never fail a round that synced its records.
      const token = final.token!;
      const downloaded = () => void result.downloaded++;
      const limits = { maxPhotos: deps.downloadMaxPhotos, maxBytes: deps.downloadMaxBytes };
      await downloadBlobs(
        { db, transport, now, counted, downloaded, failures: downloadFailures, ...limits },
        token,
      ).catch((e: unknown) => console.warn('photo downloads failed', e));
    } catch (e) {
      result.error = e instanceof SyncError ? e : new SyncError(LOCAL_CODES.internal, 0, true);
      if (!(e instanceof SyncError)) console.error('sync round failed', e);
      if (result.error.retryable) failures++;
    }
    return result;
  }

  return {
    round() {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
    get failures() {
      return failures;
    },
    retryDelay() {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures, 20));
      return Math.floor(random() * ceiling);
    },
  };
}
