/**
 * The client's only door to the network. Every answer is validated with the protocol's zod
 * schemas and every failure becomes a `SyncError` with a stable code, so the engine and the UI
 * reason about codes, never about exceptions from fetch. `fetch` and the base URL are injected:
 * tests run this against the Hono app in-process, a fault proxy, or a real server.
 */
import type { z } from '../../core/zod.ts';
import { BLOB_MIME, MAX_PHOTO_BYTES } from '../../core/tables.ts';
import { sha256Hex } from '../photos/hash.ts';
import { packStamps } from '../../core/shared-stamps.ts';
import { LinkSpeed } from './link-speed.ts';
import {
  ApiErrorSchema,
  BlobChunkAnswerSchema,
  DEVICE_SECRET_HEADER,
  DeviceRegisterResponseSchema,
  SHARED_STAMPS,
  SHARED_STAMPS_HEADER,
  SyncResponseSchema,
  type SyncRequest,
  type SyncResponse,
} from '../../core/protocol.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Codes made on the device (server codes come from the answer's body). */
export const NET_CODES = {
  offline: 'sync.net.offline',
  timeout: 'sync.net.timeout',
  badResponse: 'sync.net.bad_response',
  server: 'api.internal',
  /** Downloaded photo bytes whose SHA-256 is not the one asked for (a proxy, a cut-off body). */
  hashMismatch: 'api.hash_mismatch',
} as const;

export class SyncError extends Error {
  readonly code: string;
  readonly status: number;
  /** Network trouble or a 5xx: worth retrying later with backoff. A 4xx is not. */
  readonly retryable: boolean;
  readonly messageId: string | undefined;
  readonly messageEn: string | undefined;

  constructor(
    code: string,
    status: number,
    retryable: boolean,
    body?: { message?: string; messageEn?: string },
  ) {
    super(`${code} (${status})`);
    this.name = 'SyncError';
    this.code = code;
    this.status = status;
    this.retryable = retryable;
    this.messageId = body?.message;
    this.messageEn = body?.messageEn;
  }
}

export interface TransportOptions {
  baseUrl: string;
  fetch?: FetchLike;
  /**
   * The fixed part of every request's time budget (link-speed.ts BASE_BUDGET_MS by default): on
   * top of it, each request gets time for its bytes at the measured link speed.
   */
  timeoutMs?: number;
  /** Where the budgets' timers come from (tests pass fake ones); the page's by default. */
  timers?: Timers;
  /** Milliseconds, for measuring the link (default Date.now). */
  now?: () => number;
  /** Send sync bodies gzipped where CompressionStream exists (default true). */
  gzip?: boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Photos up to this size go in one PUT; larger ones in chunks that resume after a cut. */
export const CHUNKED_FROM_BYTES = 48 * 1024;
/** Tries of one photo chunk that timed out or met no network, with backoff between them. */
export const CHUNK_TRIES = 4;
const CHUNK_BACKOFF_MS = 500;
/** A response's size when its headers do not say (a pull page is at most ~1 MB of JSON, gzipped). */
const ANSWER_GUESS_BYTES = 256 * 1024;

/** Bodies smaller than this go as they are (a pull-only request is ~100 bytes). */
export const GZIP_MIN_BYTES = 1024;

/**
 * gzip `text` with the platform's CompressionStream; null where there is none. The text goes in
 * as ONE chunk of bytes, encoded with `encodeInto` into a buffer sized for the worst case (3
 * bytes per UTF-16 unit). For a page of 200 entries (366 KB of JSON) in Chromium 156 this took
 * 5–6 ms, against 11 ms with `TextEncoder.encode` (which alone took 9–11 ms) and 22–24 ms
 * piping `new Response(text).body` through the stream, the same bytes out: a page gzipped 20–50
 * times each way in one page, and a push of 10,000 entries gzips 50 pages.
 */
export async function gzip(text: string): Promise<ArrayBuffer | null> {
  if (typeof CompressionStream === 'undefined') return null;
  try {
    const bytes = new Uint8Array(text.length * 3);
    const { written } = new TextEncoder().encodeInto(text, bytes);
    const stream = new CompressionStream('gzip');
    const writer = stream.writable.getWriter();
    // Settled through the readable side: a failure there rejects arrayBuffer() below.
    writer.write(bytes.subarray(0, written)).catch(() => undefined);
    writer.close().catch(() => undefined);
    return await new Response(stream.readable).arrayBuffer();
  } catch {
    return null;
  }
}

/**
 * A page's changes serialized, and gzipped, before their request can be written: the engine
 * prepares the next page while the server still works on the current one, and only the
 * request's head (deviceId, the cursor from that answer) is left for when the answer comes.
 */
export interface PreparedChanges {
  readonly changes: SyncRequest['changes'];
  /** Written with shared stamps where a change has them (the server said it reads them). */
  readonly shared: boolean;
  /** The end of the body: the changes as JSON and the closing brace. */
  readonly tail: string;
  /** `tail` as one gzip member, or null (too small, or no CompressionStream). */
  readonly zippedTail: Promise<ArrayBuffer | null>;
}

export interface Transport {
  /** `secret`: the device's own (replica/device.ts deviceSecret), its proof that the id is its. */
  register(
    deviceId: string,
    name?: string,
    secret?: string,
  ): Promise<z.infer<typeof DeviceRegisterResponseSchema>>;
  /**
   * Send `req`; `prepared` (from `prepare`, for these very changes) saves the serializing.
   * `secret` goes along in a header: a device registered before secrets sets its own so.
   */
  sync(token: string, req: SyncRequest, prepared?: PreparedChanges, secret?: string): Promise<SyncResponse>;
  /** Serialize and gzip a page ahead of its request (optional: a transport may not have it). */
  prepare?(changes: SyncRequest['changes']): PreparedChanges;
  putBlob(token: string, sha256: string, blob: Blob, mime: string): Promise<void>;
  /**
   * GET a photo by its hash. The answer must be a photo type and its bytes must hash to
   * `sha256`, else SyncError: bytes are never handed on under a name they do not match.
   */
  getBlob(token: string, sha256: string): Promise<{ blob: Blob; mime: string }>;
}

/** The SyncError for a non-2xx answer, from its (possibly unparseable) JSON body. */
function httpError(status: number, body: unknown): SyncError {
  const err = ApiErrorSchema.safeParse(body);
  const retryable = status >= 500 || status === 429 || status === 408;
  const code = err.success ? err.data.code : status >= 500 ? NET_CODES.server : NET_CODES.badResponse;
  return new SyncError(code, status, retryable, err.success ? err.data : undefined);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function createTransport(o: TransportOptions): Transport {
  const base = o.baseUrl.replace(/\/$/, '');
  const doFetch: FetchLike = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const link = new LinkSpeed(o.timeoutMs);
  const timers: Timers = o.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const clock = o.now ?? (() => Date.now());
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

  /** Bytes a request body carries (for its time budget and the speed it teaches). */
  const sizeOf = (body: RequestInit['body']) =>
    typeof body === 'string' ? body.length : body instanceof ArrayBuffer ? body.byteLength : 0;

  /**
   * A request under a time budget, sized from its bytes and the measured link speed: abandoned
   * (SyncError timeout, retryable) when its answer has not come in time, and its body again when
   * it stalls after the headers. Returns the answer's status, headers and JSON body (or null).
   */
  async function exchange(path: string, init: RequestInit): Promise<{ res: Response; body: unknown }> {
    const ctrl = new AbortController();
    const sent = sizeOf(init.body);
    const startedAt = clock();
    let timer = timers.setTimeout(() => ctrl.abort(), link.budgetMs(sent));
    const fail = () => new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
    try {
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, { ...init, signal: ctrl.signal });
      } catch {
        throw fail();
      }
      // The headers came: the body gets a budget of its own, from its length where it is given.
      timers.clearTimeout(timer);
      const length = Number(res.headers.get('content-length') ?? ANSWER_GUESS_BYTES);
      timer = timers.setTimeout(() => ctrl.abort(), link.budgetMs(length || 0));
      let body: unknown = null;
      try {
        // A proxy's HTML error page or a cut-off body parses to null: judged by the status.
        body = parseJson(await res.text());
      } catch {
        if (ctrl.signal.aborted) throw fail();
        body = null;
      }
      if (ctrl.signal.aborted) throw fail();
      link.sample(sent, clock() - startedAt);
      return { res, body };
    } finally {
      timers.clearTimeout(timer);
    }
  }

  /** `onAnswer` sees the headers of every answer that came, whatever its status. */
  async function call<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T> | null,
    onAnswer?: (headers: Headers) => void,
  ): Promise<T> {
    const { res, body } = await exchange(path, init);
    onAnswer?.(res.headers);
    if (!res.ok) throw httpError(res.status, body);
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SyncError(NET_CODES.badResponse, res.status, true);
    return parsed.data;
  }

  const json = (token: string | null, body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  /** Until a server refuses a gzipped body (an old server, a proxy that mangles it), sync pushes
   * go gzipped: a page is about a sixth of its JSON on the wire (3G). */
  let gzipOk = o.gzip ?? true;

  /**
   * Whether the server's last /sync answer said it reads shared stamps (SHARED_STAMPS_HEADER):
   * until one does, and again after one that does not (an older server behind the same address),
   * changes go with a stamp and a base per field.
   */
  let sharedOk = false;
  const learnShared = (headers: Headers) => {
    sharedOk = headers.get(SHARED_STAMPS_HEADER) === SHARED_STAMPS;
  };

  function prepare(changes: SyncRequest['changes']): PreparedChanges {
    const shared = sharedOk;
    const tail = `${JSON.stringify(shared ? changes.map(packStamps) : changes)}}`;
    const zippedTail = gzipOk && tail.length >= GZIP_MIN_BYTES ? gzip(tail) : Promise.resolve(null);
    return { changes, shared, tail, zippedTail };
  }

  /**
   * The body is `{"deviceId":…,"since":…,"changes":[…]}`: the head made now, the tail prepared.
   * Gzipped, it is two gzip members one after the other, the head's and the tail's: RFC 1952
   * (2.2) defines a gzip file as a series of members, and the server's gunzip reads them as one
   * text (its size limit holds for the whole).
   */
  /** Settles once the sync request sent last has been handed to fetch (see `sync`). */
  let lastIssued: Promise<void> = Promise.resolve();

  async function sync(
    token: string,
    req: SyncRequest,
    prepared?: PreparedChanges,
    secret?: string,
  ): Promise<SyncResponse> {
    // Requests leave in the order they were asked for, even when two are on their way at once:
    // a small last page must not overtake a larger one still being gzipped, so the server
    // usually takes the pages in outbox order too.
    const turn = lastIssued;
    let issued = () => {};
    lastIssued = new Promise<void>((resolve) => (issued = resolve));
    const post = async (init: RequestInit) => {
      await turn;
      const answer = call('/api/v1/sync', init, SyncResponseSchema, learnShared);
      issued();
      return answer;
    };
    try {
      return await send(token, req, prepared, post, secret);
    } finally {
      issued();
    }
  }

  async function send(
    token: string,
    req: SyncRequest,
    prepared: PreparedChanges | undefined,
    post: (init: RequestInit) => Promise<SyncResponse>,
    secret: string | undefined,
  ): Promise<SyncResponse> {
    const { changes, ...rest } = req;
    // Prepared with shared stamps before an answer said this server does not read them: again.
    const usable = prepared?.changes === changes && (sharedOk || !prepared.shared);
    const ready = usable ? prepared : prepare(changes);
    const head = `${JSON.stringify(rest).slice(0, -1)},"changes":`;
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      // This device reads shared stamps in the answer's records.
      [SHARED_STAMPS_HEADER]: SHARED_STAMPS,
      ...(secret ? { [DEVICE_SECRET_HEADER]: secret } : {}),
    };
    const plain: RequestInit = { method: 'POST', headers, body: head + ready.tail };
    const zippedTail = gzipOk ? await ready.zippedTail : null;
    const zippedHead = zippedTail ? await gzip(head) : null;
    if (zippedTail && zippedHead) {
      const zipped = new Uint8Array(zippedHead.byteLength + zippedTail.byteLength);
      zipped.set(new Uint8Array(zippedHead), 0);
      zipped.set(new Uint8Array(zippedTail), zippedHead.byteLength);
      const init = {
        method: 'POST',
        headers: { ...headers, 'content-encoding': 'gzip' },
        body: zipped.buffer,
      };
      try {
        return await post(init);
      } catch (e) {
        // Refused as unreadable: say it again in plain JSON, and keep to plain from now on.
        if (!(e instanceof SyncError) || e.status !== 400 || e.code !== 'api.bad_json') throw e;
        gzipOk = false;
      }
    }
    return post(plain);
  }

  /**
   * Where this session's unfinished upload of a photo stands at the server, as last answered: a
   * round that failed mid-photo goes on from there (and a new session learns it from the 409).
   */
  const resumeAt = new Map<string, number>();

  /** One PUT of a photo, whole or one chunk; non-2xx answers come back, not thrown. */
  const putOnce = (token: string, sha256: string, mime: string, body: ArrayBuffer, range?: string) =>
    exchange(`/api/v1/blobs/${sha256}`, {
      method: 'PUT',
      headers: {
        'content-type': mime,
        authorization: `Bearer ${token}`,
        ...(range ? { 'content-range': range } : {}),
      },
      body,
    });

  /**
   * Upload a photo. Small ones go in one PUT. Larger ones go in chunks of about four seconds of
   * the measured link each: a chunk that stalls or meets no network is tried again after a
   * backoff (CHUNK_TRIES), and the upload goes on from the bytes the server holds, so a cut costs
   * at most the chunk that was on its way. A server that takes no chunks (a hash mismatch on a
   * first chunk) gets the photo whole.
   */
  async function putBlob(token: string, sha256: string, blob: Blob, mime: string): Promise<void> {
    // The bytes are read first (a photo is ~300 KB): every fetch accepts an ArrayBuffer body,
    // while a Blob from another realm (a test DOM, a structured clone) may not be recognised.
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const whole = async () => {
      const { res, body } = await putOnce(token, sha256, mime, bytes.buffer);
      if (!res.ok) throw httpError(res.status, body);
    };
    if (bytes.length < CHUNKED_FROM_BYTES) return whole();
    let offset = resumeAt.get(sha256) ?? 0;
    let tries = 0;
    let jumps = 0;
    for (;;) {
      const end = Math.min(bytes.length, offset + link.chunkBytes());
      const range = `bytes ${offset}-${end - 1}/${bytes.length}`;
      let answer: { res: Response; body: unknown };
      try {
        answer = await putOnce(token, sha256, mime, bytes.slice(offset, end).buffer, range);
      } catch (e) {
        if (!(e instanceof SyncError) || !e.retryable || ++tries >= CHUNK_TRIES) throw e;
        await sleep(CHUNK_BACKOFF_MS * 2 ** tries * (0.5 + Math.random() / 2));
        continue;
      }
      const { res, body } = answer;
      if (res.status === 200 || res.status === 201) {
        resumeAt.delete(sha256);
        return;
      }
      const held = BlobChunkAnswerSchema.safeParse(body);
      if ((res.status === 202 || res.status === 409) && held.success && held.data.received < bytes.length) {
        // A 409 says the server holds another length (a lost answer, a swept partial): from there.
        if (res.status === 409 && ++jumps > 3) throw new SyncError(NET_CODES.badResponse, 409, true);
        offset = held.data.received;
        resumeAt.set(sha256, offset);
        if (res.status === 202) tries = jumps = 0;
        continue;
      }
      resumeAt.delete(sha256);
      if (res.status === 422 && offset === 0 && end < bytes.length) return whole();
      throw httpError(res.status, body);
    }
  }

  return {
    prepare,
    register: (deviceId, name, secret) =>
      call(
        '/api/v1/devices',
        json(null, { deviceId, ...(name ? { name } : {}), ...(secret ? { deviceSecret: secret } : {}) }),
        DeviceRegisterResponseSchema,
      ),
    sync,
    putBlob,
    getBlob: async (token, sha256) => {
      const ctrl = new AbortController();
      // Sized for a photo at the limit until the headers tell its length.
      let timer = timers.setTimeout(() => ctrl.abort(), link.budgetMs(MAX_PHOTO_BYTES));
      const startedAt = clock();
      try {
        let res: Response;
        try {
          res = await doFetch(`${base}/api/v1/blobs/${sha256}`, {
            method: 'GET',
            headers: { authorization: `Bearer ${token}` },
            signal: ctrl.signal,
          });
        } catch {
          throw new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
        }
        if (!res.ok) throw httpError(res.status, parseJson(await res.text().catch(() => '')));
        const length = Number(res.headers.get('content-length') ?? MAX_PHOTO_BYTES);
        timers.clearTimeout(timer);
        timer = timers.setTimeout(() => ctrl.abort(), link.budgetMs(length || MAX_PHOTO_BYTES));
        const mime = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!(BLOB_MIME as readonly string[]).includes(mime))
          throw new SyncError(NET_CODES.badResponse, res.status, true);
        let blob: Blob;
        let actual: string;
        try {
          // The Response's own Blob (right realm for IndexedDB), hashed from its bytes.
          blob = await res.blob();
          actual = blob.size > 0 && blob.size <= MAX_PHOTO_BYTES ? await sha256Hex(blob) : '';
        } catch {
          throw new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
        }
        if (actual !== sha256) throw new SyncError(NET_CODES.hashMismatch, res.status, true);
        link.sample(blob.size, clock() - startedAt);
        return { blob, mime };
      } finally {
        timers.clearTimeout(timer);
      }
    },
  };
}
