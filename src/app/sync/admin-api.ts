/**
 * The central office's requests to the admin API, beside the sync engine's transport:
 * sign-in, devices, workshops (edit, close), the Pemda's OPD list, an entry's timeline, and file downloads (exports, posters) that
 * need the token in a header (so they are fetched as Blobs, not opened as plain links). Every
 * answer is validated with zod; every failure is a `SyncError` with a stable code, like sync's.
 */
import { FollowUpListSchema, FollowUpSchema, type FollowUpInput } from '../../core/follow-up.ts';
import { z } from '../../core/zod.ts';
import { PickListsSchema, YearlyListSchema, type PickListKind } from '../../core/pick-lists.ts';
import { ApiErrorSchema } from '../../core/protocol.ts';
import { NET_CODES, SyncError, type FetchLike } from './transport.ts';

export interface AdminApiOptions {
  baseUrl: string;
  fetch?: FetchLike | undefined;
  timeoutMs?: number;
}

export const AdminLoginSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.number().int(),
  deviceId: z.string(),
  role: z.literal('admin'),
});

const CodeSchema = z.object({ code: z.string(), link: z.string(), createdAt: z.number().optional() });
export const AdminWorkshopSchema = z.object({
  id: z.string(),
  nama: z.unknown().transform((v) => (typeof v === 'string' ? v : '')),
  tanggal: z.string().nullable(),
  tempat: z.string(),
  penyelenggara: z.string(),
  closed: z.boolean(),
  allowPeerRead: z.boolean(),
  opdCount: z.number(),
  opdList: z.array(z.string()).default([]),
  codes: z.object({ participant: CodeSchema.optional(), facilitator: CodeSchema.optional() }),
});
export type AdminWorkshop = z.infer<typeof AdminWorkshopSchema>;

export const AdminDeviceSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  role: z.string(),
  workshopId: z.string().nullable(),
  workshopName: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  /** Null or absent while the server does not record it. */
  lastSeenAt: z.number().nullable().optional(),
});
export type AdminDevice = z.infer<typeof AdminDeviceSchema>;

/** The Pemda's OPD list on the server: null when the admins never set one. */
export const PemdaOpdListSchema = z.object({
  opdList: z.array(z.string()).nullable(),
  updatedAt: z.number().nullable(),
});
export type PemdaOpdList = z.infer<typeof PemdaOpdListSchema>;

export const TimelineEventSchema = z
  .object({
    type: z.enum(['created', 'stage', 'stage_detail', 'carry', 'review', 'comment']),
    at: z.number(),
    // A device (created, stage changes) or a person's name (reviews, comments).
    by: z
      .union([
        z.string(),
        z.object({ deviceId: z.string(), deviceName: z.string().nullable(), role: z.string().nullable() }),
      ])
      .nullable()
      .optional(),
  })
  .catchall(z.unknown());
export const TimelineSchema = z.object({
  entryId: z.string(),
  nama: z.unknown(),
  tahapan: z.unknown(),
  events: z.array(TimelineEventSchema),
});
export type Timeline = z.infer<typeof TimelineSchema>;
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export interface NewWorkshop {
  nama: string;
  tanggal?: string | null;
  tempat?: string;
  penyelenggara?: string;
  opdList?: string[];
  allowPeerRead?: boolean;
}

/** An edit of a workshop: only the fields given change; `closed` closes or reopens it. */
export interface WorkshopPatch {
  nama?: string;
  tanggal?: string | null;
  tempat?: string;
  penyelenggara?: string;
  opdList?: string[];
  allowPeerRead?: boolean;
  closed?: boolean;
}

type Kind = 'json' | 'blob' | 'file' | 'none';

/** A downloaded file and the name the server gave it (Content-Disposition), if any. */
export interface NamedFile {
  blob: Blob;
  filename: string | null;
}

/** `attachment; filename="iid-2026-11-27.csv"` → `iid-2026-11-27.csv`; a name with a path or
 * anything but plain file-name characters is refused (null). */
export function filenameOf(disposition: string | null): string | null {
  const m = /filename="([^"]+)"/.exec(disposition ?? '');
  return m && /^[\w.-]+$/.test(m[1]!) ? m[1]! : null;
}

export function createAdminApi(o: AdminApiOptions) {
  const base = o.baseUrl.replace(/\/$/, '');
  const doFetch: FetchLike = o.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call(path: string, init: RequestInit, token: string | null, kind: Kind): Promise<unknown> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), o.timeoutMs ?? 60_000);
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      try {
        res = await doFetch(`${base}/api/v1${path}`, { ...init, headers, signal: ctrl.signal });
      } catch {
        throw new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
      }
      if (res.ok && kind === 'blob') return await res.blob();
      if (res.ok && kind === 'file')
        return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition')) };
      let body: unknown = null;
      try {
        const text = await res.text();
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      if (!res.ok) {
        const err = ApiErrorSchema.safeParse(body);
        const code = err.success
          ? err.data.code
          : res.status >= 500
            ? NET_CODES.server
            : NET_CODES.badResponse;
        throw new SyncError(code, res.status, res.status >= 500, err.success ? err.data : undefined);
      }
      return body;
    } catch (e) {
      if (e instanceof SyncError) throw e;
      throw new SyncError(ctrl.signal.aborted ? NET_CODES.timeout : NET_CODES.offline, 0, true);
    } finally {
      clearTimeout(timer);
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const r = schema.safeParse(body);
    if (!r.success) throw new SyncError(NET_CODES.badResponse, 200, false);
    return r.data;
  }

  const json = (method: string, body?: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const post = (body?: unknown): RequestInit => json('POST', body);

  return {
    login: async (b: {
      username: string;
      password: string;
      deviceId: string;
      name?: string;
      deviceSecret?: string;
    }) => parse(AdminLoginSchema, await call('/admin/login', post(b), null, 'json')),
    logout: async (token: string) => {
      await call('/admin/logout', post(), token, 'none');
    },
    /** Every device, or only one role's (and one workshop's): the facilitators of a workshop. */
    devices: async (token: string, filter: { role?: string; workshopId?: string } = {}) => {
      const q = new URLSearchParams();
      if (filter.role) q.set('role', filter.role);
      if (filter.workshopId) q.set('workshopId', filter.workshopId);
      const qs = q.toString();
      return parse(
        z.object({ devices: z.array(AdminDeviceSchema) }),
        await call(`/admin/devices${qs ? `?${qs}` : ''}`, {}, token, 'json'),
      ).devices;
    },
    revokeDevice: async (token: string, id: string) => {
      await call(`/admin/devices/${encodeURIComponent(id)}/revoke`, post(), token, 'json');
    },
    workshops: async (token: string) =>
      parse(
        z.object({ workshops: z.array(AdminWorkshopSchema) }),
        await call('/admin/workshops', {}, token, 'json'),
      ).workshops,
    createWorkshop: async (token: string, w: NewWorkshop) =>
      parse(
        z.object({ workshop: AdminWorkshopSchema }),
        await call('/admin/workshops', post(w), token, 'json'),
      ).workshop,
    rotateCodes: async (token: string, id: string) =>
      parse(
        z.object({ workshop: AdminWorkshopSchema }),
        await call(`/admin/workshops/${encodeURIComponent(id)}/rotate-codes`, post(), token, 'json'),
      ).workshop,
    updateWorkshop: async (token: string, id: string, patch: WorkshopPatch) =>
      parse(
        z.object({ workshop: AdminWorkshopSchema }),
        await call(`/admin/workshops/${encodeURIComponent(id)}`, json('PATCH', patch), token, 'json'),
      ).workshop,
    opdList: async (token: string) =>
      parse(PemdaOpdListSchema, await call('/admin/opd-list', {}, token, 'json')),
    putOpdList: async (token: string, opdList: string[]) =>
      parse(PemdaOpdListSchema, await call('/admin/opd-list', json('PUT', { opdList }), token, 'json')),
    /** Every device's lists (GET /lists): the Pemda OPD list and the edited yearly lists. */
    pickLists: async (token: string) => parse(PickListsSchema, await call('/lists', {}, token, 'json')),
    putPickList: async (token: string, kind: PickListKind, year: number, items: string[]) =>
      parse(
        YearlyListSchema,
        await call(`/admin/pick-lists/${kind}/${year}`, json('PUT', { items }), token, 'json'),
      ),
    timeline: async (token: string, entryId: string) =>
      parse(
        TimelineSchema,
        await call(`/admin/entries/${encodeURIComponent(entryId)}/timeline`, {}, token, 'json'),
      ),
    /** Follow-ups of stagnant innovations (server only: office notes never reach the devices). */
    followUps: async (token: string) =>
      parse(FollowUpListSchema, await call('/admin/follow-ups', {}, token, 'json')).followUps,
    putFollowUp: async (token: string, entryId: string, input: FollowUpInput) =>
      parse(
        z.object({ followUp: FollowUpSchema }),
        await call(`/admin/follow-ups/${encodeURIComponent(entryId)}`, json('PUT', input), token, 'json'),
      ).followUp,
    /** A file behind the admin token: '/exports/iid.csv', '/admin/workshops/<id>/poster.svg?role=…'. */
    download: async (token: string, path: string) => (await call(path, {}, token, 'blob')) as Blob,
    /** As download, with the file name the server chose (exports name the date and separator). */
    downloadNamed: async (token: string, path: string) => (await call(path, {}, token, 'file')) as NamedFile,
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
