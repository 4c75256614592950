/**
 * Importing a `.lumbung` hand-over file that was already parsed and verified: photos first, then
 * every record merged with the same merge as sync, its outbox change, history and HLC state, all
 * in ONE transaction, so a failure leaves nothing half-done. All local work: it runs with no
 * network at all.
 */
import { MAX_CLOCK_AHEAD_MS } from '../../core/protocol.ts';
import type { LumbungDb } from '../db/db.ts';
import type { BlobRow } from '../db/types.ts';
import { HANDOVER_TABLES, type ParsedHandover } from '../handover/format.ts';
import { getClockOffset } from './clock.ts';
import { deviceId } from './device.ts';
import { mergeIntoReplica } from './merge-in.ts';

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
  const tables = [...HANDOVER_TABLES, 'conflicts', 'blobs', 'outbox', 'history', 'meta'];
  return d.transaction('rw', tables, async () => {
    // Photos first: a record that points at a photo never lands before the photo does.
    const present = await d.blobs.bulkGet(rows.map((r) => r.sha256));
    const missing = rows.filter((_, i) => !present[i]);
    await d.blobs.bulkAdd(missing);

    const offset = await getClockOffset(d);
    const at = now();
    const r = await mergeIntoReplica(d, {
      source: 'handover',
      docs: parsed.records,
      at,
      now: at + offset,
      // Not a stamp from a clock far ahead: folding it would push every later local stamp ahead.
      foldLimit: at + offset + MAX_CLOCK_AHEAD_MS,
      offset,
      node,
    });
    return {
      added: r.added,
      changed: r.changed,
      unchanged: r.unchanged,
      enqueued: r.enqueued,
      conflicts: r.concurrent,
      newBlobs: missing.length,
    };
  });
}
