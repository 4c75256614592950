/**
 * The /sync answer as JSON text, with the pulled records spliced in as stored (already JSON),
 * so a 500-record page is not parsed and re-serialised on every request. Same shape as
 * SyncResponseSchema (core/protocol.ts); the tests parse every answer with that schema.
 */
import type { SyncResponse } from '../../core/index.ts';

export function syncResponseJson(head: Omit<SyncResponse, 'changes'>, records: string[]): string {
  const { accepted, rejected, cursor, more, now } = head;
  return `{"accepted":${JSON.stringify(accepted)},"rejected":${JSON.stringify(rejected)},"changes":[${records.join(',')}],"cursor":${cursor},"more":${more},"now":${now}}`;
}
