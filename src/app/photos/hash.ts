/** SHA-256 of a Blob as lowercase hex: the content address of a photo (blobs table, upload URL). */
import { sha256Hex as hexOfBytes } from '../crypto/sha256.ts';

export async function sha256Hex(blob: Blob): Promise<string> {
  return hexOfBytes(new Uint8Array(await blob.arrayBuffer()));
}
