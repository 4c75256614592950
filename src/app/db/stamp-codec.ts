/**
 * How merge documents and outbox rows are stored: the same objects, with their per-field stamps
 * and bases written once when every field shares them. An entry saved from the form, or pulled as
 * its author saved it, has one stamp on all of its ~13 fields and no base: 58 characters
 * repeated 13 times, about half of the stored bytes. Chromium's IndexedDB spends its time per
 * record and per byte (serializing, compressing, copying between processes), so a pull of
 * 10,000 entries and a push reading 10,000 outbox rows spend it twice over. Measured in
 * Chromium 156 on 10,000 such entries: writing took 2.1 s of the browser process's CPU against
 * 2.7 s, and reading them back 0.5 s against 1.0 s (and half of the page's CPU).
 *
 * A Dexie DBCore middleware below every other one packs on the way in and unpacks on the way
 * out (core/shared-stamps.ts), so everything above it (Dexie's hooks and caches, liveQuery, the
 * app) only ever sees the full shape. A row is packed only when unpacking gives it back exactly
 * (same keys in fields, stamps and bases, one stamp, one base); anything else, and every row
 * stored before, is kept and read as it is. No migration: rows get packed as they are next
 * written.
 */
import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { packStamps, unpackStamps } from '../../core/shared-stamps.ts';

function packMutation(req: DBCoreMutateRequest): DBCoreMutateRequest {
  if (req.type !== 'add' && req.type !== 'put') return req;
  return { ...req, values: req.values.map(packStamps) };
}

/** The cursor with its value unpacked (once per position: Dexie may read `value` twice). */
function unpackCursor(cursor: DBCoreCursor): DBCoreCursor {
  let raw: unknown;
  let full: unknown;
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: {
      get: () => {
        const v: unknown = cursor.value;
        if (v !== raw) {
          raw = v;
          full = unpackStamps(v);
        }
        return full;
      },
    },
  }) as DBCoreCursor;
}

/**
 * Results are mapped with `.then` on Dexie's own promises, never with `async`/`await`: Dexie
 * keeps its transaction zone on its promises, and a native async function here loses it for the
 * middlewares above (its cache then finds no transaction).
 */
function packedTable(table: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate: (req) => table.mutate(packMutation(req)),
    get: (req) => table.get(req).then(unpackStamps),
    getMany: (req) => table.getMany(req).then((rows) => rows.map(unpackStamps)),
    query: (req) =>
      req.values
        ? table.query(req).then((res) => ({ ...res, result: res.result.map(unpackStamps) }))
        : table.query(req),
    openCursor: (req) =>
      req.values ? table.openCursor(req).then((c) => c && unpackCursor(c)) : table.openCursor(req),
  };
}

/** The middleware for `tables` (the rows holding fields, stamps and bases). */
export function stampCodec(tables: readonly string[]): Middleware<DBCore> {
  const packed = new Set(tables);
  return {
    stack: 'dbcore',
    name: 'StampCodec',
    // Below Dexie's own middlewares (the lowest is -1): they and everything above see full rows.
    level: -10,
    create: (down) => ({
      ...down,
      table: (name) => (packed.has(name) ? packedTable(down.table(name)) : down.table(name)),
    }),
  };
}
