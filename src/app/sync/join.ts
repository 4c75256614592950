/**
 * `POST /api/v1/join`: a join code (participant or facilitator) → a device token scoped to one
 * workshop and role. The only request a device must make online before it works offline in a
 * workshop. Failures are the transport's `SyncError`s (same codes: offline, timeout, a server
 * code such as 'join.invalid_code'); the answer is validated with zod before anything is stored.
 */
import { z } from '../../core/zod.ts';
import { PickListsSchema } from '../../core/pick-lists.ts';
import { ApiErrorSchema, RecordDocSchema } from '../../core/protocol.ts';
import { NET_CODES, SyncError, type FetchLike } from './transport.ts';

export const JoinRequestSchema = z.object({
  code: z.string().trim().min(1).max(80),
  deviceId: z.string().min(1).max(80),
  name: z.string().trim().min(1).max(100),
  opd: z.string().trim().max(150).optional(),
  /** The device's own secret (replica/device.ts): re-joining a known id needs it. */
  deviceSecret: z.string().optional(),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const JoinResponseSchema = z.object({
  token: z.string().min(1),
  deviceId: z.string(),
  role: z.enum(['participant', 'facilitator']),
  personId: z.string().min(1).max(80),
  workshop: RecordDocSchema.refine((r) => r.table === 'workshops'),
  participantCode: z.string().max(80).optional(),
  /** The lists the forms offer (core/pick-lists.ts), kept as the last-known copy. */
  lists: PickListsSchema.optional(),
  now: z.number().int(),
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

export interface JoinOptions {
  baseUrl: string;
  fetch?: FetchLike | undefined;
  timeoutMs?: number;
  /** The device's current token, if it has one: the server re-issues a known device id only to
   * whoever shows its secret or its token ('join.device_known' otherwise). */
  token?: string | null | undefined;
}

export async function join(req: JoinRequest, o: JoinOptions): Promise<JoinResponse> {
  const doFetch: FetchLike = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), o.timeoutMs ?? 20_000);
  let res: Response;
  let body: unknown = null;
  try {
    try {
      res = await doFetch(`${o.baseUrl.replace(/\/$/, '')}/api/v1/join`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        },
        body: JSON.stringify(req),
        signal: ctrl.signal,
      });
    } catch {
      throw new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
    }
    try {
      const text = await res.text();
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const err = ApiErrorSchema.safeParse(body);
    const code = err.success ? err.data.code : res.status >= 500 ? NET_CODES.server : NET_CODES.badResponse;
    throw new SyncError(
      code,
      res.status,
      res.status >= 500 || res.status === 429,
      err.success ? err.data : undefined,
    );
  }
  const parsed = JoinResponseSchema.safeParse(body);
  if (!parsed.success) throw new SyncError(NET_CODES.badResponse, res.status, true);
  return parsed.data;
}
