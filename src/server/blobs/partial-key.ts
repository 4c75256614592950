/** The file name of a device's unfinished upload of a photo: one per photo and device, and no
 * device id in a path (routes/blob-chunks.ts writes it, blobs/sweep.ts removes it). */
import { createHash } from 'node:crypto';

export const partialKey = (sha256: string, deviceId: string): string =>
  createHash('sha256').update(`${deviceId}\n${sha256}`).digest('hex');
