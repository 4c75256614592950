/**
 * GET /exports/:name (iid, kipp, recap, ranking, stagnan as .csv or .xlsx; all.json) for an admin token
 * only: a participant's or facilitator's token is 403. Query: workshopId (only that workshop's
 * records), sep=, or ; (CSV separator), dates=iso|id (CSV dates as yyyy-mm-dd, the default, or
 * dd/mm/yyyy), bulan=1…60 (stagnan only: months without activity, default 6). The body streams: entries are read from the store a page at a time as the client
 * reads (export/index.ts); only the latest review per entry is held, for the Status and Skor
 * columns, and what each entry's evidence files are for, for the IID sheet's readiness column. The recap lists every OPD of the Pemda's list (the built-in Kota Blitar list when the
 * admin never saved one), zeros included.
 */
import { Hono } from 'hono';
import { z } from '../../core/zod.ts';
import { OPD_KOTA_BLITAR, SYNCED_TABLES, type RecordDoc } from '../../core/index.ts';
import { param } from '../admin/param.ts';
import { requireAdmin } from '../admin/require-admin.ts';
import type { AuthEnv } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import {
  evidenceByEntry,
  exportStream,
  jsonDump,
  latestReviewByEntry,
  parseExportPath,
  type DumpSources,
} from '../export/index.ts';
import { stagnantExport } from '../export/stagnant.ts';
import { MAX_FOLLOW_UPS } from '../admin/follow-up-routes.ts';
import { ApiHttpError } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { getPemdaOpdList } from '../workshops/index.ts';

const QuerySchema = z
  .object({
    workshopId: z.string().min(1).max(80).optional(),
    sep: z.enum([',', ';']).optional(),
    dates: z.enum(['iso', 'id']).optional(),
    /** The stagnan list only: months without activity (default 6). */
    bulan: z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(60))
      .optional(),
  })
  .strict();

/** Pages read per store round trip. */
const PAGE = 500;

/** latestReviewByEntry over a paged read: holds the map so far plus one page, never all reviews. */
async function latestReviews(reviews: AsyncIterable<RecordDoc>): Promise<Map<string, RecordDoc>> {
  let latest = new Map<string, RecordDoc>();
  let page: RecordDoc[] = [];
  for await (const r of reviews) {
    page.push(r);
    if (page.length < PAGE) continue;
    latest = latestReviewByEntry([...latest.values(), ...page]);
    page = [];
  }
  return latestReviewByEntry([...latest.values(), ...page]);
}

/** evidenceByEntry over a paged read: keeps only the evidence attachments' targets. */
async function evidenceOf(attachments: AsyncIterable<RecordDoc>): Promise<Map<string, string[]>> {
  const kept: RecordDoc[] = [];
  for await (const a of attachments) if (typeof a.fields['evidenceFor'] === 'string') kept.push(a);
  return evidenceByEntry(kept);
}

function records(store: Store, table: string, workshopId: string | undefined): AsyncIterable<RecordDoc> {
  return store.iterateRecords(table, { workshopId, pageSize: PAGE });
}

export function exportRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get('/:name', requireAdmin(deps.store, deps.clock), async (c) => {
    const query = param(QuerySchema, c.req.query(), 'query');
    const name = c.req.param('name');
    const now = new Date(deps.clock());
    let x;
    const stagnan = /^stagnan\.(csv|xlsx)$/.exec(name);
    if (stagnan) {
      x = await stagnantExport(
        stagnan[1] as 'csv' | 'xlsx',
        {
          entries: records(deps.store, 'entries', query.workshopId),
          children: ['reviews', 'comments', 'attachments'].map((t) =>
            records(deps.store, t, query.workshopId),
          ),
        },
        {
          months: query.bulan ?? 6,
          now,
          followUps: await deps.store.followUps.list(MAX_FOLLOW_UPS),
          separator: query.sep,
          dates: query.dates,
        },
      );
    } else if (name === 'all.json') {
      const tables: DumpSources = {};
      for (const t of SYNCED_TABLES) tables[t] = records(deps.store, t, query.workshopId);
      x = jsonDump(tables, { now });
    } else {
      const path = parseExportPath(name);
      if (!path) throw new ApiHttpError(404, 'api.not_found');
      // Only the latest review of each entry stays in memory (one small record per entry).
      const reviews = await latestReviews(records(deps.store, 'reviews', query.workshopId));
      // The IID sheet's readiness column: what each entry's evidence files are for (small).
      const evidence =
        path.kind === 'iid'
          ? await evidenceOf(records(deps.store, 'attachments', query.workshopId))
          : undefined;
      const opdList =
        path.kind === 'recap' ? ((await getPemdaOpdList(deps.store)).opdList ?? OPD_KOTA_BLITAR) : undefined;
      x = exportStream(path.kind, path.format, records(deps.store, 'entries', query.workshopId), {
        reviews,
        evidence,
        separator: query.sep,
        dates: query.dates,
        opdList,
        now,
      });
    }
    return new Response(x.body, {
      headers: {
        'Content-Type': x.contentType,
        'Content-Disposition': x.contentDisposition,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
