/**
 * The read side of the `.lumbung` hand-over (src/app/handover/ builds, parses and plans): the
 * chosen entries and everything hanging off them, read in one read transaction (photo bytes are
 * read later, outside it), and what the device already holds of a file's records. All local
 * work: it runs with no network at all.
 */
import type { RecordDoc } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { StoredRecord } from '../db/types.ts';
import type { ExportPhoto } from '../handover/build.ts';
import { HANDOVER_TABLES, type ParsedHandover } from '../handover/format.ts';
import { deviceId } from './device.ts';

export type ExportSelection = { all: true } | { entryIds: readonly string[] };

export interface ExportRead {
  records: RecordDoc[];
  photos: ExportPhoto[];
  deviceId: string;
}

/** The merge document alone, without local bookkeeping (updatedAt). */
function docOf(r: StoredRecord): RecordDoc {
  return { table: r.table, id: r.id, fields: r.fields, stamps: r.stamps, bases: r.bases };
}

/** The chosen entries (tombstones included: a deletion must travel too), their attachment,
 * review and comment records, and the stored photos of their live attachments. */
export async function readExport(d: LumbungDb, selection: ExportSelection): Promise<ExportRead> {
  const node = await deviceId(d);
  return d.transaction('r', [d.entries, d.attachments, d.reviews, d.comments, d.blobs], async () => {
    const entries =
      'all' in selection
        ? await d.entries.toArray()
        : (await d.entries.bulkGet([...new Set(selection.entryIds)])).filter((e) => e !== undefined);
    const ids = entries.map((e) => e.id);
    const [attachments, reviews, comments] = await Promise.all(
      [d.attachments, d.reviews, d.comments].map((t) => t.where('fields.entryId').anyOf(ids).toArray()),
    );
    const shas = [
      ...new Set(
        attachments!
          .filter((a) => a.fields.deleted !== true && typeof a.fields.sha256 === 'string')
          .map((a) => a.fields.sha256 as string),
      ),
    ];
    const blobs = (await d.blobs.bulkGet(shas)).filter((b) => b !== undefined);
    return {
      records: [...entries, ...attachments!, ...reviews!, ...comments!].map(docOf),
      photos: blobs.map((b) => ({ sha256: b.sha256, mime: b.mime, blob: b.blob })),
      deviceId: node,
    };
  });
}

/** Entries with anything still in the outbox (themselves, or a photo, review or comment of
 * theirs): what has not reached the server yet, the default of a hand-over by QR. */
export async function readUnsyncedEntryIds(d: LumbungDb): Promise<string[]> {
  return d.transaction('r', [d.outbox, d.entries, d.attachments, d.reviews, d.comments], async () => {
    const ids = new Set<string>();
    for (const row of await d.outbox.toArray()) {
      if (row.table === 'entries') ids.add(row.id);
      else if ((HANDOVER_TABLES as readonly string[]).includes(row.table)) {
        const entryId = ((await d.table(row.table).get(row.id)) as StoredRecord | undefined)?.fields.entryId;
        if (typeof entryId === 'string') ids.add(entryId);
      }
    }
    const present = await d.entries.bulkGet([...ids]);
    return present.filter((e) => e !== undefined).map((e) => e.id);
  });
}

/** What the device already holds of the records and photos a file carries (for the plan). */
export async function readStoredFor(
  d: LumbungDb,
  parsed: ParsedHandover,
): Promise<{ stored: Map<string, RecordDoc>; blobs: Set<string> }> {
  return d.transaction('r', [d.entries, d.attachments, d.reviews, d.comments, d.blobs], async () => {
    const stored = new Map<string, RecordDoc>();
    for (const table of HANDOVER_TABLES) {
      const ids = parsed.records.filter((r) => r.table === table).map((r) => r.id);
      for (const r of await d.table(table).bulkGet(ids))
        if (r) stored.set(`${table}/${r.id}`, docOf(r as StoredRecord));
    }
    const present = await d.blobs.bulkGet(parsed.blobs.map((b) => b.sha256));
    return { stored, blobs: new Set(present.filter((b) => b !== undefined).map((b) => b.sha256)) };
  });
}
