/**
 * Admin password hashes: scrypt (node:crypto) with a random 16-byte salt. The cost parameters
 * travel with the hash (`scrypt$N$r$p$salt$hash`), so raising them later still verifies old hashes,
 * and a sign-in that succeeds against a cheaper hash stores it again at today's cost (needsRehash).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * N = 2^17, r = 4, p = 2: the work of OWASP's N = 2^17, r = 8, p = 1 (scrypt's cost
 * grows with N·r·p) in half its memory, 64 MiB per check, as OWASP's equivalent N = 2^16, r = 8,
 * p = 2 does. Measured (bench/sign-in-burst.ts, compiled server): at r = 8 one check's 128 MiB
 * took the server from 112 to 250 MB during a burst, over the 200 MB budget. About 0.3–0.5 s per
 * check on a small server, so a guessed password costs an attacker as much; admin/password-gate.ts
 * runs few at once. maxmem leaves room above the 128·N·r bytes scrypt needs (Node's default,
 * 32 MiB, would refuse it).
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const PARAMS: ScryptParams = { N: 131_072, r: 4, p: 2 };
const KEY_LEN = 32;
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, o: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LEN, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `params` other than today's only in tests (a hash an earlier release made). */
export async function hashPassword(password: string, params: ScryptParams = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether a stored hash was made at a cost other than today's (then a good sign-in rehashes). */
export function needsRehash(stored: string): boolean {
  const parts = stored.split('$');
  return !(
    parts.length === 6 &&
    parts[0] === 'scrypt' &&
    Number(parts[1]) === PARAMS.N &&
    Number(parts[2]) === PARAMS.r &&
    Number(parts[3]) === PARAMS.p
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the username is unknown, so both failures take as long. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
}
