/**
 * Exporting chosen (or all) entries with their photos, reviews and comments into one `.lumbung`
 * file. IndexedDB is read in one read transaction; photo bytes and hashing come after it.
 */
import type { LumbungDb } from '../db/db.ts';
import { readExport, type ExportSelection } from '../replica/handover-read.ts';
import { buildHandover, handoverFileName, type BuiltHandover } from './build.ts';
import { HANDOVER_MIME } from './format.ts';

export interface ExportedFile extends BuiltHandover {
  file: File;
}

export async function exportHandover(
  d: LumbungDb,
  selection: ExportSelection,
  now: number = Date.now(),
): Promise<ExportedFile> {
  const read = await readExport(d, selection);
  const built = await buildHandover({ ...read, now });
  const file = new File([built.bytes as Uint8Array<ArrayBuffer>], handoverFileName(now, built.entries), {
    type: HANDOVER_MIME,
  });
  return { ...built, file };
}
