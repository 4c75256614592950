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
import {
  ApiErrorSchema,
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
  /** Per-request timeout; photos get `blobTimeoutMs`. */
  timeoutMs?: number;
  blobTimeoutMs?: number;
  /** Send sync bodies gzipped where CompressionStream exists (default true). */
  gzip?: boolean;
}

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
  /** `secret`: the device's own (db/syncstate.ts deviceSecret), its proof that the id is its. */
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
  const timeoutMs = o.timeoutMs ?? 30_000;
  const blobTimeoutMs = o.blobTimeoutMs ?? 120_000;

  /** `onAnswer` sees the headers of every answer that came, whatever its status. */
  async function call<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T> | null,
    timeout: number,
    onAnswer?: (headers: Headers) => void,
  ): Promise<T> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeout);
    let res: Response;
    let body: unknown = null;
    try {
      try {
        res = await doFetch(`${base}${path}`, { ...init, signal: ctrl.signal });
      } catch {
        throw new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
      }
      onAnswer?.(res.headers);
      try {
        // Read under the same timeout: a body can stall after the headers came. A proxy's HTML
        // error page or a cut-off body parses to null: judged by the status below.
        body = parseJson(await res.text());
      } catch {
        body = null;
      }
    } finally {
      clearTimeout(timer);
    }
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
      const answer = call('/api/v1/sync', init, SyncResponseSchema, timeoutMs, learnShared);
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

  return {
    prepare,
    register: (deviceId, name, secret) =>
      call(
        '/api/v1/devices',
        json(null, { deviceId, ...(name ? { name } : {}), ...(secret ? { deviceSecret: secret } : {}) }),
        DeviceRegisterResponseSchema,
        timeoutMs,
      ),
    sync,
    // The bytes are read first (a photo is ~300 KB): every fetch accepts an ArrayBuffer body,
    // while a Blob from another realm (a test DOM, a structured clone) may not be recognised.
    putBlob: async (token, sha256, blob, mime) =>
      call(
        `/api/v1/blobs/${sha256}`,
        {
          method: 'PUT',
          headers: { 'content-type': mime, authorization: `Bearer ${token}` },
          body: await blob.arrayBuffer(),
        },
        null,
        blobTimeoutMs,
      ),
    getBlob: async (token, sha256) => {
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), blobTimeoutMs);
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
        return { blob, mime };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
