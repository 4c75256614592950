/**
 * One sync round of the device: register if needed, push the outbox oldest first in pages, text
 * first (records whose photo is not at the server wait; each goes right after its photo), apply
 * each answer (accepted rows go, rejected rows stay visible, the pull page and its cursor land in
 * one transaction), pull until the server has no more, and learn the clock offset from the server's `now`. Exactly-once in effect: a row leaves
 * the outbox only after the server accepted it and the server's merge is idempotent, so a lost
 * answer, a retry or a duplicate only replays what is already there. Last, the photos of
 * pulled attachments are downloaded (bounded per round, verified by hash; see downloadBlobs).
 * Everything that can fail on the network is a `SyncError` with a code; the round never throws.
 */
import {
  MAX_CLOCK_AHEAD_MS,
  PUSH_MAX_CHANGES,
  type SyncRequest,
  type SyncResponse,
} from '../../core/protocol.ts';
import { SYNCED_TABLES } from '../../core/record.ts';
import { missingBlobs, storeFetchedBlob } from '../db/blob-fetch.ts';
import type { LumbungDb } from '../db/db.ts';
import { applyPushResult, rejectLocally, retryNotYet } from '../replica/outbox-answer.ts';
import { blobFor, markBlobUploaded, nextPushPage, photosWaiting, toWire } from '../replica/outbox-push.ts';
import { restampSkewed, skewedRows, type RestampOptions } from '../replica/restamp.ts';
import { applyPullPage } from '../replica/pull.ts';
import { getClockOffset, hasClockOffset, setClockOffset } from '../replica/clock.ts';
import { deviceId, deviceSecret } from '../replica/device.ts';
import { getCursor, getToken, setLastSyncAt, setToken } from '../replica/sync-state.ts';
import type { OutboxRow } from '../db/types.ts';
import { NET_CODES, SyncError, type PreparedChanges, type Transport } from './transport.ts';

/** Push at most this much JSON per request (the server's limit is 1 MB). */
export const PUSH_MAX_BYTES = 900 * 1024;
/**
 * Push requests on their way at once. Two: the server always has the next page when it finishes
 * one, and on a link with a long round trip each page's travel overlaps the one before.
 */
export const PAGES_IN_FLIGHT = 2;
/** Re-stamping for clock skew is tried this many times per round, then the change is parked. */
const MAX_RESTAMPS_PER_ROUND = 3;
/** Offset samples closer than this to the current estimate are smoothed, further ones replace it. */
const OFFSET_JUMP_MS = 2_000;
/** Answers that refuse a whole push for its shape or size (bad JSON/schema, too large). */
const REQUEST_LEVEL_REFUSALS = new Set([400, 413]);
/** Photos downloaded per round at most (count, and bytes as the records declare them). */
export const DOWNLOAD_MAX_PHOTOS = 30;
export const DOWNLOAD_MAX_BYTES = 8 * 1024 * 1024;
/** Backoff after network/5xx failures: full jitter, capped. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export const LOCAL_CODES = {
  blobMissing: 'sync.blob_missing',
  clockSkew: 'sync.clock_skew',
  internal: 'sync.internal',
} as const;

const LOCAL_MESSAGES: Record<string, { message: string; messageEn: string }> = {
  [LOCAL_CODES.blobMissing]: {
    message:
      'Foto untuk perubahan ini tidak ada lagi di perangkat. Buang perubahan ini, lalu tambahkan fotonya lagi.',
    messageEn:
      'The photo for this change is no longer on this device. Discard this change, then add the photo again.',
  },
  [LOCAL_CODES.clockSkew]: {
    message:
      'Jam perangkat ini tidak cocok dengan jam server. Setel tanggal dan jam perangkat, lalu tekan "Coba kirim lagi".',
    messageEn:
      "This device's clock does not match the server. Set the device's date and time, then press “Try again”.",
  },
};

/** What the last answer taught about time: the skew checks and re-stamps work from it. */
type ClockView = Omit<RestampOptions, 'node'>;

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
  const pushBytes = deps.pushMaxBytes ?? PUSH_MAX_BYTES;
  let running: Promise<RoundResult> | null = null;
  let failures = 0;
  /**
   * A page sent early was refused as a whole request (an older server that does not know
   * `holdsOwn`, after a rollback): from then on this engine sends one page at a time.
   */
  let earlyRefused = false;
  /** Failed downloads per photo hash (this session): those go after the others next round. */
  const downloadFailures = new Map<string, number>();

  async function learnOffset(serverNow: number, sentAt: number, receivedAt: number): Promise<number> {
    const sample = serverNow - (sentAt + receivedAt) / 2;
    // One transaction for the read and the write (after every page it joins applyAnswer's).
    return db.transaction('rw', db.meta, async () => {
      const known = await hasClockOffset(db);
      const prev = await getClockOffset(db);
      const next = !known || Math.abs(sample - prev) > OFFSET_JUMP_MS ? sample : prev + (sample - prev) / 4;
      await setClockOffset(db, next);
      return Math.round(next);
    });
  }

  /**
   * One answer applied in ONE transaction: the clock offset it teaches, its push half (accepted
   * rows leave the outbox, refused ones are parked) and its pull page with the cursor. One
   * commit per page instead of three; a crash still keeps all of it or none (the page comes
   * again, and a replayed push is harmless).
   */
  function applyAnswer(
    res: SyncResponse,
    sent: { page: OutboxRow[]; since: number; sentAt: number; arrivedAt: number },
  ) {
    const tables = [db.meta, db.outbox, db.history, ...SYNCED_TABLES.map((t) => db.table(t))];
    return db.transaction('rw', tables, async () => {
      const offset = await learnOffset(res.now, sent.sentAt, sent.arrivedAt);
      const ahead = await applyPushResult(db, res.accepted, res.rejected, sent.page);
      await applyPullPage(db, res.changes, res.cursor, now() + offset, sent.since);
      return { offset, ahead };
    });
  }

  async function register(node: string, result: RoundResult): Promise<string> {
    const sentAt = now();
    result.requests++;
    const secret = await deviceSecret(db);
    const res = deps.register
      ? await deps.register(node, secret)
      : await transport.register(node, deps.deviceName, secret);
    await setToken(db, res.token);
    await learnOffset(res.now, sentAt, now());
    return res.token;
  }

  /** Upload the photos this page refers to; rows whose photo cannot go are parked, not blocking. */
  async function uploadBlobs(page: OutboxRow[], token: string, result: RoundResult): Promise<OutboxRow[]> {
    const keep: OutboxRow[] = [];
    const done = new Set<string>();
    for (const row of page) {
      const blob = await blobFor(db, row);
      if (blob === undefined || (blob && (blob.uploaded === 1 || done.has(blob.sha256)))) {
        keep.push(row);
        continue;
      }
      if (blob === null) {
        await rejectLocally(db, [row.changeId], {
          code: LOCAL_CODES.blobMissing,
          ...LOCAL_MESSAGES[LOCAL_CODES.blobMissing]!,
        });
        result.rejected++;
        continue;
      }
      try {
        result.requests++;
        await transport.putBlob(token, blob.sha256, blob.blob, blob.mime);
      } catch (e) {
        if (!(e instanceof SyncError) || e.retryable || e.status === 401) throw e;
        await rejectLocally(db, [row.changeId], {
          code: e.code,
          message: e.messageId ?? e.code,
          messageEn: e.messageEn ?? e.code,
        });
        result.rejected++;
        continue;
      }
      await markBlobUploaded(db, blob.sha256);
      done.add(blob.sha256);
      keep.push(row);
    }
    return keep;
  }

  /**
   * Fetch the photos of attachments whose bytes are not on this device (records pulled from the
   * server), within the round's budget; the rest come next round. One photo that fails (404,
   * network, bytes not matching their hash) is skipped, never stored, and tried again next round:
   * it never fails the round. A failure to store (disk full) stops this round's downloads.
   */
  async function downloadBlobs(token: string, result: RoundResult): Promise<void> {
    const todo = await missingBlobs(db, {
      maxCount: deps.downloadMaxPhotos ?? DOWNLOAD_MAX_PHOTOS,
      maxBytes: deps.downloadMaxBytes ?? DOWNLOAD_MAX_BYTES,
      failures: downloadFailures,
    });
    for (const m of todo) {
      let got: { blob: Blob; mime: string };
      try {
        result.requests++;
        got = await transport.getBlob(token, m.sha256);
      } catch {
        downloadFailures.set(m.sha256, (downloadFailures.get(m.sha256) ?? 0) + 1);
        continue;
      }
      try {
        await storeFetchedBlob(db, m, got.blob, got.mime, now());
      } catch (e) {
        console.warn('storing a downloaded photo failed', e);
        return;
      }
      downloadFailures.delete(m.sha256);
      result.downloaded++;
    }
  }

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
    const node = await deviceId(db);
    // Made now on a device from before secrets; sent with every sync (db/syncstate.ts).
    const secret = await deviceSecret(db);
    let token = await getToken(db);
    let reRegistered = false;
    let restamps = 0;

    /** A registration under way after a 401 (two requests in flight may both meet it). */
    let renewing: Promise<string> | null = null;
    const withAuth = async <T>(fn: (token: string) => Promise<T>): Promise<T> => {
      token ??= await register(node, result);
      const used = token;
      try {
        return await fn(used);
      } catch (e) {
        if (!(e instanceof SyncError) || e.status !== 401) throw e;
        // A token the server no longer knows (database reset, revoked): register once again. A
        // request refused with the same old token meanwhile waits for that and goes again.
        if (token === used && !renewing) {
          if (reRegistered) throw e;
          reRegistered = true;
          renewing = register(node, result).then((t) => (token = t));
        }
        if (renewing) await renewing;
        if (token === used || token === null) throw e;
        return fn(token);
      }
    };

    try {
      token ??= await register(node, result);
      // Edits refused last round because their record had not reached the server go again.
      await retryNotYet(db);
      /** Photos not at the server yet, and the attachment records held back until theirs is. */
      const waiting = await photosWaiting(db);
      const hold = new Set(waiting.flatMap((w) => w.records));
      // The first request only pulls: its answer teaches the clock offset before anything is
      // pushed, so edits made while the clock was far off get their real time first (see
      // restampSkewed). The server pulls after it applied a push, so later answers carry the
      // pull too, and an answer with more=false and an empty outbox ends the round.
      let first = true;
      let needPull = true;
      /** What the last answer taught about time, for the skew check of each page. */
      let clock: ClockView | null = null;
      /**
       * Changes refused (or found) skewed: re-stamp the outbox, or after MAX_RESTAMPS_PER_ROUND
       * tries in this round park those changes with the reason. Returns whether it re-stamped.
       */
      const fixSkew = async (changeIds: string[], view: ClockView): Promise<boolean> => {
        if (++restamps > MAX_RESTAMPS_PER_ROUND) {
          const err = LOCAL_MESSAGES[LOCAL_CODES.clockSkew]!;
          await rejectLocally(db, changeIds, { code: LOCAL_CODES.clockSkew, ...err });
          result.rejected += changeIds.length;
          return false;
        }
        result.restamped += await restampSkewed(db, { ...view, node });
        return true;
      };
      let pageCap = pushMax;
      /** One request on its way: its page and when it left. */
      interface Sent {
        page: OutboxRow[];
        /** The cursor it pulls from. */
        since: number;
        sentAt: number;
        /** When the answer arrived (a request sent ahead may be awaited later). */
        arrivedAt: number;
        res: Promise<SyncResponse>;
        /** The outbox page after this one, read and serialized while the server works on it. */
        next: Promise<Ahead> | null;
        /** That page made ready to leave (pageAfter), once: its photos are uploaded only once. */
        after?: Promise<Ahead | null>;
        /**
         * Sent while the request before it still waited for its answer. The server may then have
         * taken it first, or without the one before (lost on the way): a refusal in its answer
         * (an entry not there yet) is not final, so those rows stay pending and go again alone.
         */
        early: boolean;
      }
      interface Ahead {
        rows: OutboxRow[];
        prepared?: PreparedChanges | undefined;
      }
      const readAhead = async (afterSeq: number): Promise<Ahead> => {
        const rows = await nextPushPage(db, pageCap, pushBytes, afterSeq, hold);
        return { rows, prepared: rows.length ? transport.prepare?.(rows.map(toWire)) : undefined };
      };
      const send = (page: OutboxRow[], since: number, early: boolean, prepared?: PreparedChanges): Sent => {
        const req: SyncRequest = { deviceId: node, since, changes: prepared?.changes ?? page.map(toWire) };
        if (deps.pullLimit) req.limit = deps.pullLimit;
        // Its answer's pull starts before the page in flight ahead of it: without this, that
        // page's records would come back to the device that sent them.
        if (early) req.holdsOwn = true;
        const sentAt = now();
        const res = withAuth((tk) => {
          result.requests++;
          return transport.sync(tk, req, prepared, secret);
        });
        // The page after this one is read (and gzipped) now, off the path between an answer and
        // the next request. Rows are only appended meanwhile (writeRecord), and re-stamping
        // rewrites rows only when no request is in flight (see skewTodo).
        const last = page.at(-1)?.seq;
        const next = first || last === undefined ? null : readAhead(last);
        const sent: Sent = { page, since, sentAt, arrivedAt: sentAt, res, next, early };
        // Awaited in the loop; never an unhandled rejection meanwhile.
        res.then(
          () => void (sent.arrivedAt = now()),
          () => undefined,
        );
        next?.catch(() => undefined);
        return sent;
      };
      /**
       * The page after `prev`'s, ready to leave: its photos uploaded, none of its changes skewed.
       * Null when there is none (or it must first go through the loop: a skewed change).
       */
      const pageAfter = (prev: Sent): Promise<Ahead | null> =>
        // Asked twice when topping up found nothing to send and the answer then came clean: the
        // same rows must not be uploaded, or parked and counted, a second time.
        (prev.after ??= (async () => {
          const ahead = await prev.next;
          if (!ahead?.rows.length) return null;
          const page = await withAuth((tk) => uploadBlobs(ahead.rows, tk, result));
          if (page.length === 0 || (clock !== null && skewedRows(page, clock).length > 0)) return null;
          // Prepared for exactly these rows unless a photo that could not go parked one.
          return { rows: page, prepared: page.length === ahead.rows.length ? ahead.prepared : undefined };
        })());
      /**
       * Requests on their way, oldest first. Up to PAGES_IN_FLIGHT pages are: on a slow link the
       * next page then travels while the server works on this one, and the server never waits
       * for the device between two pages. Answers are applied strictly in the order sent.
       */
      const inFlight: Sent[] = [];
      /** The cursor of the newest answer received (requests sent early pull from it). */
      let cursor = 0;
      /** Cleared by the first answer that was not clean: the rest of the round goes one by one. */
      let pipelining = !earlyRefused;
      /**
       * The last answer left nothing to pull. Only then do pages go early (holdsOwn): a device
       * still pulling may be re-pulling after a discard, missing values it issued itself.
       */
      let caughtUp = false;
      /** Changes refused for clock skew, re-stamped once nothing is in flight. */
      let skewTodo: string[] = [];
      /** Fill the pipeline with the pages after the newest request, sent before its answer. */
      const topUp = async () => {
        while (pipelining && caughtUp && !first && !skewTodo.length && inFlight.length < PAGES_IN_FLIGHT) {
          const prev = inFlight.at(-1);
          if (!prev?.page.length) return;
          const next = await pageAfter(prev);
          if (!next) return;
          inFlight.push(send(next.rows, cursor, true, next.prepared));
        }
      };
      /** Push and pull until the outbox has nothing left to send but held rows (see `hold`). */
      const drain = async () => {
        for (let guard = 0; guard < 100_000; guard++) {
          if (inFlight.length === 0) {
            if (clock && skewTodo.length > 0) {
              const todo = skewTodo;
              skewTodo = [];
              // A re-stamp may have sent the cursor back to 0 (see restampSkewed): pull again then.
              if (await fixSkew(todo, clock)) needPull = true;
            }
            const candidates = first ? [] : await nextPushPage(db, pageCap, pushBytes, undefined, hold);
            if (!first && candidates.length === 0 && !needPull) break;
            // Changes stamped while the clock was far off get their real time before they leave
            // (restampSkewed does the whole outbox at once); the page is then read again.
            const skewed = clock ? skewedRows(candidates, clock).map((row) => row.changeId) : [];
            if (clock && skewed.length > 0) {
              if (await fixSkew(skewed, clock)) needPull = true;
              continue;
            }
            const page = candidates.length ? await withAuth((tk) => uploadBlobs(candidates, tk, result)) : [];
            if (candidates.length > 0 && page.length === 0) continue; // all parked: look at the next ones
            cursor = await getCursor(db);
            inFlight.push(send(page, cursor, false));
          }
          await topUp();
          const sent = inFlight.shift()!;
          const { page } = sent;
          let res: SyncResponse;
          try {
            res = await sent.res;
          } catch (e) {
            // A whole push refused for its shape or size (one change the server cannot even
            // parse): halve the page until the culprit is alone, then park it. Never a blocked queue.
            if (!(e instanceof SyncError) || !REQUEST_LEVEL_REFUSALS.has(e.status) || page.length === 0)
              throw e;
            // Pages sent after it are not waited for: their rows are still pending, and a replay
            // of whatever the server took from them is harmless.
            inFlight.length = 0;
            pipelining = false;
            // Refused when sent early: maybe for `holdsOwn` itself. Its rows go again alone, and
            // only a refusal then says something about them.
            if (sent.early && e.status === 400) {
              earlyRefused = true;
              continue;
            }
            if (page.length > 1) {
              pageCap = Math.max(1, Math.floor(page.length / 2));
            } else {
              await rejectLocally(db, [page[0]!.changeId], {
                code: e.code,
                message: e.messageId ?? e.code,
                messageEn: e.messageEn ?? e.code,
              });
              result.rejected++;
              pageCap = pushMax;
            }
            continue;
          }
          // Every pushed change must be answered; one that is not would be pushed again at once,
          // forever. Stop the round instead (it is retried later, like any bad answer).
          const answered = new Set([...res.accepted, ...res.rejected.map((x) => x.id)]);
          const complete = page.every((row) => answered.has(row.changeId));
          const clean = complete && res.rejected.length === 0;
          if (!clean) pipelining = false;
          if (res.cursor > cursor || !sent.early) cursor = res.cursor;
          caughtUp = !res.more;
          // A clean answer (every change accepted): the pipeline is filled again now, and this
          // answer is applied while the server works on what follows. If nothing is in flight, the
          // next request is the one the sequential loop would send next: the server has finished
          // this one, so nothing is reordered or echoed. After the first answer only a pull goes
          // ahead: no change leaves before that answer's clock offset is stored. Anything else (a
          // refusal, clock skew) is applied before the next page is chosen.
          const goOn = first ? res.more : page.length > 0 || res.more;
          if (clean && goOn && skewTodo.length === 0) {
            if (inFlight.length > 0) await topUp();
            else {
              const next = (await pageAfter(sent)) ?? { rows: [] };
              if (next.rows.length > 0 || res.more)
                inFlight.push(send(next.rows, res.cursor, false, next.prepared));
            }
          }
          pageCap = Math.min(pushMax, pageCap * 2);
          // An early answer's refusals are not final (see Sent.early): those rows stay pending.
          const refused = sent.early ? [] : res.rejected;
          const { offset, ahead } = await applyAnswer({ ...res, rejected: refused }, sent);
          result.accepted += res.accepted.length;
          result.rejected += refused.length - ahead.length;
          result.pulled += res.changes.length;
          if (!complete) throw new SyncError(NET_CODES.badResponse, 200, true);
          first = false;
          clock = { offset, serverNow: res.now, tolerance: MAX_CLOCK_AHEAD_MS };
          skewTodo.push(...ahead);
          needPull = res.more || ahead.length > 0;
        }
      };
      // Text first: every record that needs no upload goes, then each photo and right after it
      // the attachment records that name it. A slow link carries the entries (a few KB) in
      // seconds, while its photos (hundreds of KB each) follow.
      await drain();
      // The next photo is on its way while the records of the one before are pushed: a push is
      // a few hundred bytes, and the link never idles for its round trip.
      const upload = (i: number) => {
        const w = waiting[i];
        if (!w) return null;
        deps.onPhotos?.({ sending: i + 1, total: waiting.length });
        const p = withAuth((tk) => uploadBlobs(w.rows, tk, result)).then(() => w);
        p.catch(() => undefined);
        return p;
      };
      let next = upload(0);
      for (let i = 0; next; i++) {
        const w = await next;
        for (const id of w.records) hold.delete(id);
        next = upload(i + 1);
        await drain();
      }
      deps.onPhotos?.(null);
      result.ok = true;
      failures = 0;
      await setLastSyncAt(db, now());
      // Photos never fail a round that synced its records.
      await downloadBlobs(token, result).catch((e: unknown) => console.warn('photo downloads failed', e));
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
