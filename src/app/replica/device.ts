/**
 * Who this device is: its id (made once, the HLC node id and the author of local writes) and its
 * secret (proves to the server that the id is this browser's). Both are made on first use and
 * kept in `meta`; each read-or-create is one transaction, so two tabs starting at once agree.
 */
import { randomToken, uuidv7 } from '../../core/ids.ts';
import type { LumbungDb } from '../db/db.ts';
import { META_KEYS } from './keys.ts';

/** The device id, made once and kept: it is the HLC node id and the author of local writes. */
export async function deviceId(d: LumbungDb): Promise<string> {
  return d.transaction('rw', d.meta, async () => {
    const row = await d.meta.get(META_KEYS.deviceId);
    if (typeof row?.value === 'string') return row.value;
    const id = uuidv7();
    await d.meta.put({ key: META_KEYS.deviceId, value: id });
    return id;
  });
}

/**
 * The device's own secret: 32 random bytes as hex, made once on this device and kept
 * with its sync state (never in a backup file: backup.ts leaves out every "secret" key). The
 * server keeps only its hash and hands a known device id to nobody who cannot show it, since
 * device ids are public (they are in every stamp). A device from before secrets makes it at its
 * next sync, and the server takes it with that sync's still-valid token: nothing queued changes.
 */
export async function deviceSecret(d: LumbungDb): Promise<string> {
  return d.transaction('rw', d.meta, async () => {
    const row = await d.meta.get(META_KEYS.deviceSecret);
    if (typeof row?.value === 'string') return row.value;
    const secret = randomToken(32);
    await d.meta.put({ key: META_KEYS.deviceSecret, value: secret });
    return secret;
  });
}
