/**
 * Decide, per change, whether it may be merged: field validation (core/tables.ts) and clock
 * skew. Permissions need the stored record, so the store checks them inside its transaction
 * (auth/permissions.ts authorizeChange via ApplyContext.authorize). A refused change is answered alone with its reason; the rest of the push
 * still applies, so one bad edit never blocks a device's queue.
 */
import {
  apiError,
  hlcWall,
  MAX_CLOCK_AHEAD_MS,
  validateFields,
  type Change,
  type MessageCode,
  type Rejected,
} from '../../core/index.ts';
import type { Principal } from '../auth/principal.ts';

function reject(change: Change, code: MessageCode, issues?: Rejected['issues']): Rejected {
  return { id: change.changeId, ...apiError(code, issues) };
}

export function checkChange(_p: Principal, change: Change, now: number): Rejected | null {
  const issues = validateFields(change.table, change.fields);
  if (issues.length > 0) return reject(change, 'api.invalid_body', issues);
  // The server never stores a stamp from its own future: the device restamps and resends.
  const limit = now + MAX_CLOCK_AHEAD_MS;
  const ahead = Object.entries(change.stamps).filter(([, s]) => hlcWall(s) > limit);
  if (ahead.length > 0)
    return reject(
      change,
      'api.clock_ahead',
      ahead.map(([path]) => ({ path, code: 'api.clock_ahead' })),
    );
  return null;
}

export function splitChanges(
  p: Principal,
  changes: Change[],
  now: number,
): { ok: Change[]; rejected: Rejected[] } {
  const ok: Change[] = [];
  const rejected: Rejected[] = [];
  for (const change of changes) {
    const r = checkChange(p, change, now);
    if (r) rejected.push(r);
    else ok.push(change);
  }
  return { ok, rejected };
}
