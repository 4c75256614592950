/**
 * The token of a round (pure, part of round.ts's state machine). A request or photo upload
 * refused with 401 — a token the server no longer knows (database reset, revoked) — makes the
 * device register once again in this round; every request refused with the old token meanwhile
 * (two pages may be on their way) waits for that registration and goes again with the new one.
 * A second 401 with a token this round obtained is final.
 */
import type { Failure, Out, Upload } from './round-state.ts';

type AuthOp = { flight: number } | { upload: Upload['purpose'] };

function uploadOf(out: Out, purpose: Upload['purpose']): Upload | null {
  return purpose === 'photo' ? out.s.photoUpload : out.s.mainUpload;
}

/** Send the request (or upload) again with the round's current token. */
function redo(out: Out, op: AuthOp): void {
  const { s } = out;
  const token = s.token!;
  if ('flight' in op) {
    const f = s.inFlight.find((x) => x.id === op.flight);
    if (!f) return;
    f.token = token;
    f.waitingToken = false;
    out.effects.push({ type: 'send', flight: f });
    return;
  }
  const u = { ...uploadOf(out, op.upload)!, token, waitingToken: false };
  if (op.upload === 'photo') s.photoUpload = u;
  else s.mainUpload = u;
  out.effects.push({ type: 'upload', upload: u, clock: s.clock });
}

function markWaiting(out: Out, op: AuthOp): void {
  if ('flight' in op) {
    const f = out.s.inFlight.find((x) => x.id === op.flight);
    if (f) f.waitingToken = true;
    return;
  }
  const u = uploadOf(out, op.upload);
  if (u) u.waitingToken = true;
}

/**
 * A 401 for `op`: true when it is handled (waits for a registration, or goes again with a newer
 * token), false when it is final and fails like any other refusal.
 */
export function onUnauthorized(out: Out, op: AuthOp): boolean {
  const { s } = out;
  const used =
    'flight' in op ? s.inFlight.find((x) => x.id === op.flight)?.token : uploadOf(out, op.upload)?.token;
  if (used === undefined) return true; // a request this round no longer waits for
  if (s.renewal === 'running') {
    markWaiting(out, op);
    return true;
  }
  if (used !== s.token) {
    redo(out, op);
    return true;
  }
  if (s.renewal === 'done') return false;
  s.renewal = 'running';
  markWaiting(out, op);
  out.effects.push({ type: 'register' });
  return true;
}

/** The registration after a 401 succeeded: everything that waited goes again. */
export function renewed(out: Out, token: string): void {
  const { s } = out;
  s.token = token;
  s.renewal = 'done';
  for (const f of s.inFlight) if (f.waitingToken) redo(out, { flight: f.id });
  if (s.mainUpload?.waitingToken) redo(out, { upload: s.mainUpload.purpose });
  if (s.photoUpload?.waitingToken) redo(out, { upload: 'photo' });
}

/**
 * The registration after a 401 failed: everything that waited fails with its error. Returns
 * whether the upload the round's main line waits for was among them.
 */
export function renewalFailed(out: Out, failure: Failure): boolean {
  const { s } = out;
  s.renewal = 'done';
  for (const f of s.inFlight)
    if (f.waitingToken) {
      f.waitingToken = false;
      f.answer = { failure };
    }
  if (s.photoUpload?.waitingToken) {
    s.photoUpload = null;
    s.photoResult = { failure };
  }
  return s.mainUpload?.waitingToken === true;
}
