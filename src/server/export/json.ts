/**
 * The JSON dump of everything: every record of every table given, tombstones and merged
 * entries included, with their stamps and bases, so the file can be merged back (merge.ts)
 * into a store or a device. Each record is stringified and handed on as it is read; nothing
 * but the current batch is held.
 *
 *   {"format":"lumbung-inovasi-dump","version":1,"exportedAt":"2026-11-27T15:00:00.000Z",
 *    "tables":{"entries":[{…RecordDoc…},
 *    {…}],"reviews":[…]}}
 */
import type { RecordDoc, SyncedTable } from '../../core/index.ts';
import { CHUNK_CHARS } from './stream.ts';

export const DUMP_FORMAT = 'lumbung-inovasi-dump';
export const DUMP_VERSION = 1;

export type DumpSources = Partial<Record<SyncedTable, AsyncIterable<RecordDoc>>>;

export async function* jsonDumpChunks(
  tables: DumpSources,
  exportedAt: Date,
  chunkChars = CHUNK_CHARS,
): AsyncGenerator<string, void, undefined> {
  let buf =
    `{"format":${JSON.stringify(DUMP_FORMAT)},"version":${DUMP_VERSION},` +
    `"exportedAt":${JSON.stringify(exportedAt.toISOString())},"tables":{`;
  let firstTable = true;
  for (const [table, records] of Object.entries(tables) as [SyncedTable, AsyncIterable<RecordDoc>][]) {
    buf += `${firstTable ? '' : ','}${JSON.stringify(table)}:[`;
    firstTable = false;
    let first = true;
    for await (const doc of records) {
      buf += (first ? '\n' : ',\n') + JSON.stringify(doc);
      first = false;
      if (buf.length >= chunkChars) {
        yield buf;
        buf = '';
      }
    }
    buf += ']';
  }
  yield buf + '}}\n';
}
