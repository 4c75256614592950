/**
 * Importing a `.lumbung` file in two steps, as the panel shows them: `prepareImport` parses and
 * verifies everything and plans the merge (reads only: a refused file changes nothing), then,
 * once the person confirmed, `applyImport` writes it. Crypto and Blob reads all happen in the
 * first step, outside any transaction.
 */
import type { LumbungDb } from '../db/db.ts';
import { applyHandover, type ApplyOptions, type ApplyResult } from '../replica/handover-apply.ts';
import { readStoredFor } from '../replica/handover-read.ts';
import { HandoverError, LIMITS, type ParsedHandover } from './format.ts';
import { parseHandover } from './parse.ts';
import { buildPlan, type ImportPlan } from './plan.ts';

export interface PreparedImport {
  parsed: ParsedHandover;
  plan: ImportPlan;
}

/** The bytes of a picked file; a file over the limit is refused before it is read. */
export async function readHandoverFile(file: Blob): Promise<Uint8Array> {
  if (file.size > LIMITS.totalBytes)
    throw new HandoverError('handover.too_large', `file of ${file.size} bytes`);
  return new Uint8Array(await file.arrayBuffer());
}

/** `check`: what this way in refuses on top of the file's own rules (a hand-over by QR, issue
 * 24, refuses another workshop's entries), run before anything is read from the database. */
export async function prepareImport(
  d: LumbungDb,
  bytes: Uint8Array,
  check?: (parsed: ParsedHandover) => void,
): Promise<PreparedImport> {
  const parsed = await parseHandover(bytes);
  check?.(parsed);
  const { stored, blobs } = await readStoredFor(d, parsed);
  return { parsed, plan: buildPlan(parsed, stored, blobs) };
}

export async function applyImport(
  d: LumbungDb,
  prepared: PreparedImport,
  opts?: ApplyOptions,
): Promise<ApplyResult> {
  return applyHandover(d, prepared.parsed, opts);
}
