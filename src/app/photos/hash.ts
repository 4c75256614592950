/** SHA-256 of a Blob as lowercase hex: the content address of a photo (blobs table, upload URL). */
export async function sha256Hex(blob: Blob): Promise<string> {
  // A fresh Uint8Array of this realm: some environments hand back an ArrayBuffer that
  // crypto.subtle of another realm refuses (jsdom's Blob under Node).
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
