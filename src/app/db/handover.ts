/**
 * The IndexedDB side of the `.lumbung` hand-over (src/app/handover/ builds, parses and plans).
 * Export reads the chosen entries and everything hanging off them in one read transaction; the
 * photo bytes are read later, outside it. Import writes a file that was already parsed and
 * verified: photos first, then every record merged with the same merge as sync, its outbox
 * change, history and HLC state, all in ONE transaction, so a failure leaves nothing half-done.
 * All local work: both directions run with no network at all.
 */
import {
  MAX_CLOCK_AHEAD_MS,
  conflictId,
  hlcWall,
  HLC_ZERO,
  mergeRecords,
  receive,
  tick,
  uuidv7,
  type FieldValue,
  type HlcState,
  type LostWrite,
  type RecordDoc,
} from '../../core/index.ts';
import type { ExportPhoto } from '../handover/build.ts';
import { HANDOVER_TABLES, type ParsedHandover } from '../handover/format.ts';
import type { LumbungDb } from './db.ts';
import { META_KEYS, deviceId } from './records.ts';
import type { BlobRow, StoredRecord } from './types.ts';

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

export interface ApplyResult {
  added: number;
  changed: number;
  unchanged: number;
  /** Outbox changes written: one per record the import changed, with the ORIGINAL stamps. */
  enqueued: number;
  conflicts: number;
  newBlobs: number;
}

export interface ApplyOptions {
  now?: () => number;
}

/** Photo rows for the file's blobs; size from the bytes, width/height from an attachment. */
function blobRows(parsed: ParsedHandover, at: number): BlobRow[] {
  const dims = new Map<string, { width: number; height: number }>();
  for (const r of parsed.records) {
    const { sha256, width, height } = r.fields;
    if (
      r.table === 'attachments' &&
      typeof sha256 === 'string' &&
      typeof width === 'number' &&
      typeof height === 'number'
    ) {
      dims.set(sha256, { width, height });
    }
  }
  return parsed.blobs.map((b) => ({
    sha256: b.sha256,
    blob: new Blob([new Uint8Array(b.bytes)], { type: b.mime }),
    mime: b.mime,
    size: b.bytes.length,
    width: dims.get(b.sha256)?.width ?? 0,
    height: dims.get(b.sha256)?.height ?? 0,
    createdAt: at,
    // Not on the server as far as this device knows: the sync engine uploads it before the records.
    uploaded: 0,
  }));
}

function pick(doc: RecordDoc, fields: readonly string[]): Pick<RecordDoc, 'fields' | 'stamps' | 'bases'> {
  const out = {
    fields: {} as Record<string, FieldValue>,
    stamps: {} as Record<string, string>,
    bases: {} as Record<string, string | null>,
  };
  for (const f of fields) {
    out.fields[f] = doc.fields[f] ?? null;
    out.stamps[f] = doc.stamps[f]!;
    out.bases[f] = doc.bases[f] ?? null;
  }
  return out;
}

/**
 * When the author made these writes, on this device's clock. The sync engine takes an outbox
 * row's `createdAt` (plus the server offset) as the real time of its edit and re-stamps rows whose
 * stamps are far from it as clock skew; an imported edit was made when its author stamped it, so
 * dating it at import time would get the author's stamps replaced by this device's.
 */
function madeAt(doc: RecordDoc, fields: readonly string[], offset: number): number {
  return Math.min(...fields.map((f) => hlcWall(doc.stamps[f]!))) - offset;
}

/**
 * Apply a parsed and verified hand-over. Each record is merged into the stored one; the fields
 * the import changed go to the outbox carrying their ORIGINAL stamps and bases (not restamped),
 * so this device later syncs them to the server under their authors, and the server's
 * idempotent merge ignores them if the author's own device already sent the same stamps.
 * Unchanged records enqueue nothing, so importing the same file twice adds nothing the second time.
 */
export async function applyHandover(
  d: LumbungDb,
  parsed: ParsedHandover,
  opts: ApplyOptions = {},
): Promise<ApplyResult> {
  const now = opts.now ?? Date.now;
  const node = await deviceId(d);
  const rows = blobRows(parsed, now());
  const result: ApplyResult = { added: 0, changed: 0, unchanged: 0, enqueued: 0, conflicts: 0, newBlobs: 0 };
  const tables = [
    d.entries,
    d.attachments,
    d.reviews,
    d.comments,
    d.conflicts,
    d.blobs,
    d.outbox,
    d.history,
    d.meta,
  ];
  await d.transaction('rw', tables, async () => {
    // Photos first: a record that points at a photo never lands before the photo does.
    const present = await d.blobs.bulkGet(rows.map((r) => r.sha256));
    const missing = rows.filter((_, i) => !present[i]);
    await d.blobs.bulkAdd(missing);
    result.newBlobs = missing.length;

    const offsetRow = await d.meta.get(META_KEYS.clockOffset);
    const offset = typeof offsetRow?.value === 'number' ? offsetRow.value : 0;
    const t = now() + offset;
    let clock = ((await d.meta.get(META_KEYS.hlc))?.value as HlcState | undefined) ?? HLC_ZERO;
    // Fold the file's stamps into the clock so later local edits sort after them, except stamps
    // from a clock far ahead: folding those would push every later local stamp ahead too.
    for (const r of parsed.records) {
      for (const s of Object.values(r.stamps))
        if (hlcWall(s) <= t + MAX_CLOCK_AHEAD_MS) clock = receive(clock, s, t);
    }

    const lostConcurrent: LostWrite[] = [];
    for (const incoming of parsed.records) {
      const table = d.table(incoming.table);
      const current = (await table.get(incoming.id)) as StoredRecord | undefined;
      const { doc, changed, lost } = mergeRecords(current, incoming);
      lostConcurrent.push(...lost.filter((l) => l.concurrent));
      if (changed.length === 0) {
        result.unchanged += 1;
        continue;
      }
      result[current ? 'changed' : 'added'] += 1;
      await table.put({ ...doc, updatedAt: now() } satisfies StoredRecord);
      await d.outbox.add({
        changeId: uuidv7(t),
        table: doc.table,
        id: doc.id,
        ...pick(doc, changed),
        createdAt: madeAt(doc, changed, offset),
        state: 'pending',
        attempts: 0,
      });
      result.enqueued += 1;
    }

    for (const l of lostConcurrent) {
      const id = conflictId(l);
      await d.history.put({ ...l, id, at: now() });
      // Undecided (the file's value's chain runs through a write this device does not hold):
      // shown from history while the record waits in the outbox; the server, holding every
      // write, decides and sends its conflict record only if it is one (core/seen.ts).
      if (l.undecided) continue;
      // The same deterministic conflict record the server creates when it sees both writes; kept
      // local (not enqueued): the server makes its own, and merge folds the two into one.
      if (await d.conflicts.get(id)) continue;
      const next = tick(clock, t, node);
      clock = next.state;
      const fields: Record<string, FieldValue> = {
        table: l.table,
        recordId: l.recordId,
        field: l.field,
        value: l.value,
        stamp: l.stamp,
        winnerStamp: l.winnerStamp,
        resolved: false,
        deleted: false,
      };
      const names = Object.keys(fields);
      await d.conflicts.put({
        table: 'conflicts',
        id,
        fields,
        stamps: Object.fromEntries(names.map((f) => [f, next.stamp])),
        bases: Object.fromEntries(names.map((f) => [f, null])),
        updatedAt: now(),
      });
    }
    result.conflicts = lostConcurrent.length;
    await d.meta.put({ key: META_KEYS.hlc, value: { ...clock } });
  });
  return result;
}
