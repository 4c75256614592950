/**
 * Finishing a hand-over by QR: the assembled payload, once its hash checks, goes through the
 * file's own import (import.ts): parsed and verified with the file's rules, held to the
 * receiver's workshop (scope.ts), planned against what the device holds. Reads only: the
 * person sees the same preview as for a file and applies it with the same merge.
 */
import type { LumbungDb } from '../../db/db.ts';
import { prepareImport, type PreparedImport } from '../import.ts';
import type { FrameAssembler } from './fountain.ts';
import { checkQrScope } from './scope.ts';

export async function prepareQrImport(
  d: LumbungDb,
  assembler: FrameAssembler,
  workshopId: string | null,
): Promise<PreparedImport> {
  const bytes = await assembler.payload();
  return prepareImport(d, bytes, (parsed) => checkQrScope(parsed, workshopId));
}
