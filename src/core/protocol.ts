/**
 * The wire protocol of /api/v1 (DESIGN.md "Sync protocol"). Both the server and the client
 * validate with these schemas; the server additionally validates each field per table
 * (tables.ts) so that one bad change is rejected alone, never the whole push.
 */
import { z } from './zod.ts';
import { HLC_RE } from './hlc.ts';
import { SYNCED_TABLES } from './record.ts';

export const PUSH_MAX_CHANGES = 200;
export const PULL_PAGE_SIZE = 500;
export const JSON_BODY_LIMIT = 1024 * 1024;
/** How far ahead of server time a stamp may be before the server refuses it (clock skew). */
export const MAX_CLOCK_AHEAD_MS = 60_000;

const hlc = z.string().regex(HLC_RE);
const recordId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/);

/** A change: a partial record doc with the fields it writes, their stamps and bases. */
export const ChangeSchema = z
  .object({
    changeId: z.string().min(1).max(80),
    table: z.enum(SYNCED_TABLES),
    id: recordId,
    fields: z.record(z.string().max(60), z.json()),
    stamps: z.record(z.string().max(60), hlc),
    bases: z.record(z.string().max(60), hlc.nullable()),
  })
  .strict()
  .refine(
    (c) => {
      const f = Object.keys(c.fields).sort().join();
      return (
        f.length > 0 && f === Object.keys(c.stamps).sort().join() && f === Object.keys(c.bases).sort().join()
      );
    },
    { message: 'fields, stamps and bases must name the same fields' },
  );
export type Change = z.infer<typeof ChangeSchema>;

export const RecordDocSchema = z
  .object({
    table: z.enum(SYNCED_TABLES),
    id: recordId,
    fields: z.record(z.string(), z.json()),
    stamps: z.record(z.string(), hlc),
    bases: z.record(z.string(), hlc.nullable()),
  })
  .strict();

export const SyncRequestSchema = z
  .object({
    deviceId: z.string().min(1).max(80),
    since: z.number().int().nonnegative(),
    changes: z.array(ChangeSchema).max(PUSH_MAX_CHANGES),
    /** Optional cap on the pull page, for tests and slow links. */
    limit: z.number().int().min(1).max(PULL_PAGE_SIZE).optional(),
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

export const DeviceRegisterRequestSchema = z
  .object({
    deviceId: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[A-Za-z0-9_.:-]+$/),
    name: z.string().max(100).optional(),
  })
  .strict();
export const DeviceRegisterResponseSchema = z.object({
  deviceId: z.string(),
  token: z.string(),
  now: z.number().int(),
});

export const HealthResponseSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  db: z.string(),
  now: z.number(),
});

export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
  issues: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
});
