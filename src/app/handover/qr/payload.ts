/**
 * The bytes a hand-over by QR carries: a `.lumbung` file of the chosen entries WITHOUT photos
 * (its manifest deflated inside the zip), so the receiver checks it with exactly the file's
 * rules (parse.ts: sizes before inflating, zod, checksum) and applies it through the same plan
 * and merge (import.ts, replica/handover-apply.ts). Photos follow by sync or by a file.
 */
import type { LumbungDb } from '../../db/db.ts';
import { readExport, readUnsyncedEntryIds, type ExportSelection } from '../../replica/handover-read.ts';
import { buildHandover } from '../build.ts';
import { HandoverError } from '../format.ts';
import { MAX_PAYLOAD_BYTES } from './frames.ts';

export interface QrPayload {
  bytes: Uint8Array;
  entries: number;
  /** Photos of these entries that stay behind (they come by sync or a file). */
  photosLeft: number;
}

export type QrSelection = ExportSelection | { unsynced: true };

export async function buildQrPayload(
  d: LumbungDb,
  selection: QrSelection,
  now: number = Date.now(),
): Promise<QrPayload> {
  const chosen: ExportSelection =
    'unsynced' in selection ? { entryIds: await readUnsyncedEntryIds(d) } : selection;
  const read = await readExport(d, chosen);
  const built = await buildHandover({ records: read.records, photos: [], deviceId: read.deviceId, now });
  if (built.bytes.length > MAX_PAYLOAD_BYTES)
    throw new HandoverError('handover.qr_too_large', `payload of ${built.bytes.length} bytes`);
  const photosLeft = read.records.filter(
    (r) => r.table === 'attachments' && r.fields.deleted !== true,
  ).length;
  return { bytes: built.bytes, entries: built.entries, photosLeft };
}
