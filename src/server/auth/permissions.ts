/**
 * Which changes a principal may push. For now (issue 3): anyone registered writes entries,
 * attachments, reviews and comments; workshops are the admin's (issue 4/5); conflict records are
 * made by the server, and a device may only mark one resolved. Issue 4 adds ownership checks.
 */
import type { Change, MessageCode } from '../../core/index.ts';
import type { Principal } from './principal.ts';

const DEVICE_CONFLICT_FIELDS = new Set(['resolved']);

export function writeRefusal(p: Principal, change: Change): MessageCode | null {
  if (p.role === 'admin') return null;
  if (change.table === 'workshops') return 'api.forbidden';
  if (
    change.table === 'conflicts' &&
    !Object.keys(change.fields).every((f) => DEVICE_CONFLICT_FIELDS.has(f))
  ) {
    return 'api.forbidden';
  }
  return null;
}
