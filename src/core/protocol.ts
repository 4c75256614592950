/**
 * The wire protocol of /api/v1 (DESIGN.md "Sync protocol"). Both the server and the client
 * validate with these schemas; the server additionally validates each field per table
 * (tables.ts) so that one bad change is rejected alone, never the whole push.
 */
import { z } from './zod.ts';
import { HLC_RE, type Hlc } from './hlc.ts';
import { idSchema } from './id-schema.ts';
import { SYNCED_TABLES, type FieldValue } from './record.ts';
import { unpackStamps } from './shared-stamps.ts';

export const PUSH_MAX_CHANGES = 200;
export const PULL_PAGE_SIZE = 500;
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Record JSON per pull page (always at least one record): what a 1 MB answer leaves after the
 * push's accepted and rejected lists. */
export const PULL_PAGE_BYTES = 896 * 1024;
/** How far ahead of server time a stamp may be before the server refuses it (clock skew). */
export const MAX_CLOCK_AHEAD_MS = 60_000;

const hlc = z.string().regex(HLC_RE);

/**
 * A document's `fields`: a plain object whose names are at most `maxName` characters and whose
 * values are not `undefined`. Every body is read by JSON.parse, so its values are JSON already:
 * z.json() would walk each one again to learn nothing new, and what a value must be is the
 * field's own schema's business (the server checks each field against its table, tables.ts
 * validateFields, and refuses unknown ones); `undefined` (only a JavaScript caller can make one)
 * is still refused. One check in plain JavaScript instead of zod's record (a key schema and a
 * value schema per field, and a copy of the object). In Node, JSON.parse plus the schema for
 * 10,000 pulled records took 30 ms instead of 108 ms, and for 10,000 pushed changes 36 ms instead
 * of 130 ms; in Chromium's profile of a pull, zod went from 326 to 143 ms.
 */
const fieldMap = (maxName: number) =>
  z.custom<Record<string, FieldValue>>((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      if (k.length > maxName || (v as Record<string, unknown>)[k] === undefined) return false;
    }
    return true;
  }, 'fields must be an object of named JSON values');

/** Whether `o` has exactly the keys `keys` (no sorting: this runs for every change of a page). */
function sameKeys(keys: string[], o: object): boolean {
  return Object.keys(o).length === keys.length && keys.every((k) => Object.hasOwn(o, k));
}
const recordId = idSchema(200);

/**
 * Shared stamps on the wire (core/shared-stamps.ts): `stamps` may be one stamp and `bases` one
 * base for every field of `fields`, instead of a map naming each field. A device sends them only
 * to a server whose answers carry SHARED_STAMPS_HEADER, and a server sends them only to a device
 * whose request carries it; anything else (an older device or server) sends and receives the
 * maps DESIGN.md describes. Measured on a bench entry: 0.7 KB of JSON shared against 1.7 KB.
 */
export const SHARED_STAMPS_HEADER = 'x-lumbung-stamps';
export const SHARED_STAMPS = 'shared';

const fieldName = z.string().max(60);
const stampsOf = (key: z.ZodString) => z.union([hlc, z.record(key, hlc)]);
const basesOf = (key: z.ZodString) => z.union([hlc.nullable(), z.record(key, hlc.nullable())]);

/** Documents as parsed: always one stamp and one base per field. */
type Spread<T> = Omit<T, 'stamps' | 'bases'> & {
  stamps: Record<string, Hlc>;
  bases: Record<string, Hlc | null>;
};

/** A parsed document with shared stamps or bases spread over its fields; maps are kept as sent. */
function spreadShared<
  T extends {
    fields: Record<string, unknown>;
    stamps: Hlc | Record<string, Hlc>;
    bases: Hlc | null | Record<string, Hlc | null>;
  },
>(doc: T): Spread<T> {
  return unpackStamps(doc) as Spread<T>;
}

/** A change: a partial record doc with the fields it writes, their stamps and bases. */
export const ChangeSchema = z
  .object({
    changeId: z.string().min(1).max(80),
    table: z.enum(SYNCED_TABLES),
    id: recordId,
    fields: fieldMap(60),
    stamps: stampsOf(fieldName),
    bases: basesOf(fieldName),
  })
  .strict()
  .transform(spreadShared)
  .refine(
    (c) => {
      const f = Object.keys(c.fields);
      return f.length > 0 && sameKeys(f, c.stamps) && sameKeys(f, c.bases);
    },
    { message: 'fields, stamps and bases must name the same fields' },
  );
export type Change = z.infer<typeof ChangeSchema>;

export const RecordDocSchema = z
  .object({
    table: z.enum(SYNCED_TABLES),
    id: recordId,
    fields: fieldMap(Infinity),
    stamps: stampsOf(z.string()),
    bases: basesOf(z.string()),
  })
  .strict()
  .transform(spreadShared);

export const SyncRequestSchema = z
  .object({
    deviceId: z.string().min(1).max(80),
    since: z.number().int().nonnegative(),
    changes: z.array(ChangeSchema).max(PUSH_MAX_CHANGES),
    /** Optional cap on the pull page, for tests and slow links. */
    limit: z.number().int().min(1).max(PULL_PAGE_SIZE).optional(),
    /**
     * The device holds every value it ever issued (it is not re-pulling after a discard): the
     * pull may leave out records whose every stamp it issued. Sent with a push that leaves
     * before the answer to the one before it, whose records would otherwise come back.
     */
    holdsOwn: z.literal(true).optional(),
  })
  .strict();
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

export const RejectedSchema = z.object({
  id: z.string(),
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
  issues: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
});
export type Rejected = z.infer<typeof RejectedSchema>;

export const SyncResponseSchema = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(RejectedSchema),
  changes: z.array(RecordDocSchema),
  cursor: z.number().int().nonnegative(),
  more: z.boolean(),
  /** Server time (ms) when the answer was made: devices learn their clock offset from it. */
  now: z.number().int(),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

/**
 * The device's own secret: 32 random bytes as hex, made on the device at first start
 * and kept with its sync state; the server keeps only its SHA-256. Re-using a known device id
 * needs it (or the device's current token). Optional on the wire for apps from before it.
 */
export const DeviceSecretSchema = z.string().regex(/^[0-9a-f]{64}$/);
/** The header a device sends it in on authenticated requests (a device from before secrets sets
 * its secret so; the server ignores it once one is set). */
export const DEVICE_SECRET_HEADER = 'x-device-secret';

export const DeviceRegisterRequestSchema = z
  .object({
    deviceId: idSchema(),
    name: z.string().max(100).optional(),
    deviceSecret: DeviceSecretSchema.optional(),
  })
  .strict();
export const DeviceRegisterResponseSchema = z.object({
  deviceId: z.string(),
  token: z.string(),
  now: z.number().int(),
});

/**
 * Resumable photo upload (routes/blob-chunks.ts): `PUT /blobs/:sha256` with
 * `Content-Range: bytes <first>-<last>/<total>` appends one chunk to this device's unfinished
 * upload of that photo. A chunk that is not the last answers 202 with the bytes held; a chunk
 * sent from another offset than the server holds answers 409 `photo.offset` with `received`,
 * and the device goes on from there. The last chunk stores the photo as a whole PUT does.
 */
export const BlobChunkAnswerSchema = z.object({ received: z.number().int().nonnegative() });
export const CONTENT_RANGE_RE = /^bytes (\d{1,9})-(\d{1,9})\/(\d{1,9})$/;

export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
  issues: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
});
