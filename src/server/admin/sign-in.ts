/**
 * Admin sign-in limits. Every attempt is COUNTED when it arrives, before its password
 * is hashed, so a burst cannot slip through while the first checks are still running; then few
 * checks run at once server-wide (password-gate.ts), so a burst can neither fill libuv's thread
 * pool (and stall sync's gzip and photo I/O) nor the server's memory.
 *
 * Counted per client address AND per username (default 5 a 15 minutes each). An anonymous burst
 * on the username would then lock the real admin out everywhere, so a browser the admin signed
 * in from before is counted on its own: it proves itself with its device secret (the one every
 * device makes at first start, whose hash the server keeps), and the server remembers
 * which account last signed in from that device (devices.admin_id). Such a "known browser" is
 * limited per device instead, skips the address and username counts, and goes first in the
 * password queue. Nobody without that device's secret can use its counter. A sign-in that
 * succeeds takes its own attempt back, so an admin never uses up the quota by signing in.
 */
import type { Context } from 'hono';
import { hashToken } from '../auth/tokens.ts';
import type { RateCounter } from '../http/rate-counter.ts';
import { clientIp, tooMany, type RateLimit } from '../http/rate-limit.ts';
import type { AdminRow, DeviceStore } from '../store/types.ts';

/** Whether device `deviceId`, proven by `secret`, last signed in as `account` and is still live. */
export async function knownBrowser(
  devices: Pick<DeviceStore, 'deviceById'>,
  account: AdminRow | null,
  deviceId: string,
  secret: string | undefined,
): Promise<boolean> {
  if (!account || !secret) return false;
  const device = await devices.deviceById(deviceId);
  return (
    device !== null &&
    device.revokedAt === null &&
    device.adminId === account.id &&
    device.secretHash !== null &&
    device.secretHash === hashToken(secret)
  );
}

/** The counters one attempt goes on. */
export function attemptKeys(c: Context, username: string, deviceId: string, known: boolean): string[] {
  return known ? [`login:device:${deviceId}`] : [`login:ip:${clientIp(c)}`, `login:user:${username}`];
}

/** Count the attempt on each key in turn (the address first) and answer 429 at the first one
 * over its limit; the keys after it are not touched, so a blocked address cannot fill the
 * counters with made-up usernames. */
export async function countAttempt(
  c: Context,
  rates: RateCounter,
  keys: string[],
  limit: RateLimit,
  now: () => number,
): Promise<void> {
  for (const key of keys) {
    const w = await rates.hit(key, limit.windowMs);
    if (w.count > limit.max) tooMany(c, w.resetAt - now());
  }
}
