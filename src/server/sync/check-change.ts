/**
 * Decide, per change, whether it may be merged: field validation (core/tables.ts) and clock
 * skew. Permissions need the stored record, so the store checks them inside its transaction
 * (auth/permissions.ts authorizeChange via ApplyContext.authorize). A refused change is answered alone with its reason; the rest of the push
 * still applies, so one bad edit never blocks a device's queue.
 */
import {
  apiError,
  hlcCounter,
  hlcWall,
  MAX_ACCEPTED_COUNTER,
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
  // The server never stores a stamp from its own future beyond the tolerance: the device
  // restamps and resends.
  const limit = now + MAX_CLOCK_AHEAD_MS;
  const stamps = Object.entries(change.stamps);
  // Bases too: a base is a stamp its author saw, so never later than its own stamp. Their
  // counters are not bounded: a base may name a stamp stored before the bound existed.
  const bases = Object.entries(change.bases).filter((e): e is [string, string] => e[1] !== null);
  const ahead = [...stamps, ...bases].filter(([, s]) => hlcWall(s) > limit);
  if (ahead.length > 0) return reject(change, 'api.clock_ahead', issuesOf(ahead, 'api.clock_ahead'));
  // Nor a counter no honest device reaches: every device that pulls a stamp folds it into its
  // clock, and one near the top of the counter would leave it (on an older app) no tick to make.
  const counted = stamps.filter(([, s]) => hlcCounter(s) > MAX_ACCEPTED_COUNTER);
  if (counted.length > 0) return reject(change, 'api.clock_counter', issuesOf(counted, 'api.clock_counter'));
  return null;
}

function issuesOf(stamps: [string, string][], code: string) {
  return stamps.map(([path]) => ({ path, code }));
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
