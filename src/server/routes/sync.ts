/** POST /sync: push a page of changes, pull a page of records (DESIGN.md "Sync protocol"). */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import {
  apiError,
  JSON_BODY_LIMIT,
  PULL_PAGE_SIZE,
  SHARED_STAMPS,
  SHARED_STAMPS_HEADER,
  SyncRequestSchema,
} from '../../core/index.ts';
import { authorizeChange, readScope } from '../auth/permissions.ts';
import type { AuthEnv } from '../auth/principal.ts';
import { requireDevice } from '../auth/require-device.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiHttpError, tooLarge } from '../http/errors.ts';
import { jsonText } from '../http/json-body.ts';
import { splitChanges } from '../sync/check-change.ts';
import { checkListValues } from '../sync/list-values.ts';
import { checkPhotoClaims } from '../sync/photo-claims.ts';
import { requestBodyText } from '../sync/request-body.ts';
import { jsonAnswer } from '../sync/response-gzip.ts';
import { syncResponseJson } from '../sync/response-json.ts';

export function syncRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().post(
    '/',
    // On the bytes as sent (gzip or not); the decoded JSON has the same limit (request-body.ts).
    bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge }),
    requireDevice(deps.store, deps.clock),
    async (c) => {
      const principal = c.get('principal');
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const text = requestBodyText(raw, c.req.header('content-encoding'), JSON_BODY_LIMIT);
      const req = jsonText(text, SyncRequestSchema);
      if (req.deviceId !== principal.deviceId) throw new ApiHttpError(403, 'api.forbidden');
      const checked = splitChanges(principal, req.changes, deps.clock());
      // What this principal may read (auth/permissions.ts readScope): photos it may name, and its pull.
      const scope = await readScope(principal, deps.store);
      const listed = await checkListValues(checked.ok, deps.store);
      const { ok, rejected } = await checkPhotoClaims(principal.deviceId, scope, listed.ok, deps.store);
      rejected.unshift(...checked.rejected, ...listed.rejected);
      const { accepted, refused, held } = await deps.store.applyChanges(principal.deviceId, ok, {
        now: deps.clock(),
        stamp: () => deps.hlc.now(),
        authorize: (change, view) => authorizeChange(principal, change, view),
      });
      for (const r of refused) rejected.push({ id: r.changeId, ...apiError(r.code, r.issues) });
      // Pull after the push, so the cursor covers this device's own writes too; only `scope`.
      // Not echoed once the device has pulled at all (since > 0): the records this very push wrote
      // and whose every stamp it carried, while they are still at the seq it gave them. The device
      // sent them, so it holds that state or a newer one; anything written elsewhere (another
      // device, a conflict record, a later write, a delayed duplicate of an older request) still
      // comes, and the cursor passes them either way. From 0 (a fresh device, or one that reset
      // its cursor to re-pull) everything comes, unless the device says `holdsOwn` (a push sent
      // before the answer to the one before it: engine.ts): then the records whose every stamp
      // it issued stay out too, that earlier push's among them.
      const own = req.holdsOwn ? { issuedBy: principal.deviceId } : {};
      const skip = { ...(req.since > 0 ? { skip: held } : {}), ...own };
      // Shared stamps only for a device that says it reads them; every answer says this server
      // reads them in a push (protocol.ts SHARED_STAMPS_HEADER).
      const sharedStamps = c.req.header(SHARED_STAMPS_HEADER) === SHARED_STAMPS;
      const opts = { ...skip, ...(sharedStamps ? { sharedStamps } : {}) };
      const page = await deps.store.pullJson(req.since, req.limit ?? PULL_PAGE_SIZE, scope, opts);
      return jsonAnswer(
        c,
        syncResponseJson(
          { accepted, rejected, cursor: page.cursor, more: page.more, now: deps.clock() },
          page.records,
        ),
        { [SHARED_STAMPS_HEADER]: SHARED_STAMPS, Vary: `Accept-Encoding, ${SHARED_STAMPS_HEADER}` },
      );
    },
  );
}
