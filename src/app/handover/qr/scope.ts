/**
 * What a hand-over by QR may carry, on top of a file's own rules (parse.ts): it is read off a
 * screen anyone in the room can hold up, so it is held to the receiver's workshop. Every entry
 * must be of the workshop this device is in (when it is in one), every photo, review and comment
 * must hang off an entry the transfer carries, and it carries no photo bytes.
 */
import { HandoverError, type ParsedHandover } from '../format.ts';

export function checkQrScope(parsed: ParsedHandover, workshopId: string | null): void {
  if (parsed.blobs.length > 0)
    throw new HandoverError('handover.invalid_manifest', 'photos in a QR transfer');
  const entryIds = new Set<string>();
  for (const r of parsed.records) {
    if (r.table !== 'entries') continue;
    entryIds.add(r.id);
    if (workshopId !== null && r.fields.workshopId !== workshopId)
      throw new HandoverError('handover.other_workshop', `entries/${r.id}`);
  }
  for (const r of parsed.records) {
    if (r.table === 'entries') continue;
    const entryId = r.fields.entryId;
    if (typeof entryId !== 'string' || !entryIds.has(entryId))
      throw new HandoverError('handover.invalid_manifest', `${r.table}/${r.id}: entry not in the transfer`);
  }
}
