/**
 * /api/v1/admin/workshops: list with join codes and links, create, edit (close, reopen), rotate
 * codes, print a QR poster. Workshops themselves are synced records written by the server
 * (workshops/create.ts), so an edit reaches devices by the normal pull; these routes
 * only validate and shape. The Pemda's OPD list shares the table (core/opd-list.ts) and is no
 * workshop here: it is never listed, edited or joined through these routes.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { z } from '../../core/zod.ts';
import { isPemdaRecord, JSON_BODY_LIMIT, OpdListSchema, type RecordDoc } from '../../core/index.ts';
import type { AuthEnv } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import type { WorkshopCode } from '../store/types.ts';
import {
  createWorkshop,
  joinLink,
  rotateWorkshopCodes,
  WorkshopInputError,
  writeWorkshopFields,
} from '../workshops/index.ts';
import { posterSvg } from './poster.ts';
import { requireAdmin } from './require-admin.ts';
import { param } from './param.ts';

const IdSchema = z.string().min(1).max(80);
const RoleSchema = z.enum(['participant', 'facilitator']);

/** Field rules (lengths, dates) are workshopFieldSchemas' in core; createWorkshop applies them. */
const CreateSchema = z
  .object({
    nama: z.string().max(200),
    tanggal: z.string().max(10).nullable().optional(),
    tempat: z.string().max(200).optional(),
    penyelenggara: z.string().max(200).optional(),
    opdList: OpdListSchema.optional(),
    allowPeerRead: z.boolean().optional(),
  })
  .strict();

/** An edit: any of the fields, at least one; `closed` closes (true) or reopens (false). */
const PatchSchema = z
  .object({
    nama: z.string().max(200).optional(),
    tanggal: z.string().max(10).nullable().optional(),
    tempat: z.string().max(200).optional(),
    penyelenggara: z.string().max(200).optional(),
    opdList: OpdListSchema.optional(),
    allowPeerRead: z.boolean().optional(),
    closed: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'field.required' });

function baseUrl(c: Context): string {
  return new URL(c.req.url).origin;
}

function codesOut(c: Context, codes: WorkshopCode[]) {
  const out: Partial<Record<WorkshopCode['role'], { code: string; link: string; createdAt: number }>> = {};
  for (const k of codes)
    out[k.role] = { code: k.code, link: joinLink(baseUrl(c), k.code), createdAt: k.createdAt };
  return out;
}

function workshopOut(w: RecordDoc) {
  const f = w.fields;
  return {
    id: w.id,
    nama: f.nama,
    tanggal: f.tanggal ?? null,
    tempat: f.tempat ?? '',
    penyelenggara: f.penyelenggara ?? '',
    closed: f.closed === true,
    allowPeerRead: f.allowPeerRead !== false,
    opdCount: Array.isArray(f.opdList) ? f.opdList.length : 0,
    opdList: Array.isArray(f.opdList) ? f.opdList.filter((x) => typeof x === 'string') : [],
  };
}

export function adminWorkshopRoutes(
  deps: Pick<ServerDeps, 'sync' | 'workshops' | 'devices' | 'hlc' | 'clock'>,
) {
  const liveWorkshop = async (id: string) => {
    const w = await deps.sync.getRecord('workshops', id);
    if (!w || w.fields.deleted === true || isPemdaRecord(w.id)) throw new ApiHttpError(404, 'api.not_found');
    return w;
  };

  return new Hono<AuthEnv>()
    .use(requireAdmin(deps.devices, deps.clock))
    .get('/', async (c) => {
      const workshops = (await deps.workshops.listWorkshops()).filter(
        (w) => w.fields.deleted !== true && !isPemdaRecord(w.id),
      );
      const out = [];
      for (const w of workshops)
        out.push({ ...workshopOut(w), codes: codesOut(c, await deps.workshops.workshopCodes(w.id)) });
      return c.json({ workshops: out });
    })
    .post('/', bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }), async (c) => {
      const body = await jsonBody(c, CreateSchema);
      try {
        const created = await createWorkshop(deps, {
          nama: body.nama,
          tanggal: body.tanggal ?? null,
          ...(body.tempat !== undefined ? { tempat: body.tempat } : {}),
          ...(body.penyelenggara !== undefined ? { penyelenggara: body.penyelenggara } : {}),
          ...(body.opdList !== undefined ? { opdList: body.opdList } : {}),
          ...(body.allowPeerRead !== undefined ? { allowPeerRead: body.allowPeerRead } : {}),
        });
        const codes = await deps.workshops.workshopCodes(created.workshop.id);
        return c.json({ workshop: { ...workshopOut(created.workshop), codes: codesOut(c, codes) } }, 201);
      } catch (err) {
        if (err instanceof WorkshopInputError) throw new ApiHttpError(400, 'api.invalid_body', err.issues);
        throw err;
      }
    })
    .patch('/:id', bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }), async (c) => {
      const id = param(IdSchema, c.req.param('id'), 'id');
      const body = await jsonBody(c, PatchSchema);
      await liveWorkshop(id);
      const fields: Record<string, RecordDoc['fields'][string]> = {};
      for (const [k, v] of Object.entries(body)) if (v !== undefined) fields[k] = v;
      if (typeof fields['nama'] === 'string') fields['nama'] = fields['nama'].trim();
      try {
        // The same path as create: server-stamped fields merged through the store, so every
        // device gets the edit by sync; a bad field throws before anything is written.
        await writeWorkshopFields(deps, id, fields);
      } catch (err) {
        if (err instanceof WorkshopInputError) throw new ApiHttpError(400, 'api.invalid_body', err.issues);
        throw err;
      }
      const w = await liveWorkshop(id);
      return c.json({
        workshop: { ...workshopOut(w), codes: codesOut(c, await deps.workshops.workshopCodes(w.id)) },
      });
    })
    .post('/:id/rotate-codes', async (c) => {
      const w = await liveWorkshop(param(IdSchema, c.req.param('id'), 'id'));
      await rotateWorkshopCodes(deps, w.id);
      return c.json({
        workshop: { ...workshopOut(w), codes: codesOut(c, await deps.workshops.workshopCodes(w.id)) },
      });
    })
    .get('/:id/poster.svg', async (c) => {
      const w = await liveWorkshop(param(IdSchema, c.req.param('id'), 'id'));
      const role = param(RoleSchema.default('participant'), c.req.query('role'), 'role');
      const code = (await deps.workshops.workshopCodes(w.id)).find((k) => k.role === role);
      if (!code) throw new ApiHttpError(404, 'api.not_found');
      const svg = posterSvg({
        workshopName: typeof w.fields.nama === 'string' ? w.fields.nama : '',
        role,
        code: code.code,
        link: joinLink(baseUrl(c), code.code),
      });
      return c.body(svg, 200, {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Content-Disposition': `inline; filename="poster-${role}-${code.code}.svg"`,
      });
    });
}
