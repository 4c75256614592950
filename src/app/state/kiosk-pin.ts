/**
 * The facilitator's kiosk PIN: set when kiosk mode starts, asked when it ends, so a participant
 * at the shared device cannot reach the facilitator's room. Only a salted hash is
 * stored (PBKDF2-SHA-256 where crypto.subtle exists; on an insecure origin, which has none, a
 * salted non-cryptographic hash, enough to keep the PIN from being read in plain text). The real
 * guard is the attempt limit: MAX_ATTEMPTS wrong PINs lock the exit for LOCKOUT_MS, counted in
 * IndexedDB so a reload does not reset it. A PIN is 4–8 digits, typed on a phone's number pad.
 */
import type { KioskLock } from '../db/workshop.ts';

export const MAX_ATTEMPTS = 5;
export const LOCKOUT_MS = 5 * 60_000;
const ITERATIONS = 100_000;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** cyrb53-style 53-bit hash, iterated: only where crypto.subtle is missing (insecure origin). */
function weakHash(text: string): string {
  let out = text;
  for (let round = 0; round < 1000; round++) {
    let h1 = 0xdeadbeef ^ round;
    let h2 = 0x41c6ce57 ^ round;
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out = (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0') + text;
  }
  return out.slice(0, 16);
}

async function derive(pin: string, salt: string, algo: KioskLock['algo']): Promise<string> {
  if (algo === 'weak') return weakHash(`${salt}:${pin}`);
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: ITERATIONS },
    key,
    256,
  );
  return hex(new Uint8Array(bits));
}

export async function makeLock(pin: string): Promise<KioskLock> {
  const salt = hex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const algo: KioskLock['algo'] = globalThis.crypto.subtle ? 'pbkdf2' : 'weak';
  return { algo, salt, hash: await derive(pin, salt, algo), failures: 0, lockedUntil: 0 };
}

export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong'; left: number }
  | { ok: false; reason: 'locked'; until: number };

/** Whether the exit is locked now (too many wrong PINs). */
export function lockedUntil(lock: KioskLock, now: number): number | null {
  return lock.lockedUntil > now ? lock.lockedUntil : null;
}

/** Check `pin`; returns the answer and the lock as it must be stored afterwards. */
export async function checkPin(
  lock: KioskLock,
  pin: string,
  now: number,
): Promise<{ result: PinCheck; lock: KioskLock }> {
  const until = lockedUntil(lock, now);
  // While locked, the PIN is not even compared: the limit holds for the right one too.
  if (until !== null) return { result: { ok: false, reason: 'locked', until }, lock };
  if ((await derive(pin, lock.salt, lock.algo)) === lock.hash)
    return { result: { ok: true }, lock: { ...lock, failures: 0, lockedUntil: 0 } };
  const failures = lock.failures + 1;
  if (failures >= MAX_ATTEMPTS) {
    // Each wrong PIN after a lockout locks again at once: MAX_ATTEMPTS, then one try per period.
    const next = { ...lock, failures, lockedUntil: now + LOCKOUT_MS };
    return { result: { ok: false, reason: 'locked', until: next.lockedUntil }, lock: next };
  }
  return {
    result: { ok: false, reason: 'wrong', left: MAX_ATTEMPTS - failures },
    lock: { ...lock, failures },
  };
}
