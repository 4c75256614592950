/** Photo bytes, content-addressed by SHA-256. Disk today; an S3-compatible store can implement
 * the same functions later without touching the routes. */
export interface BlobStore {
  /** Store bytes under their (already verified) hash. Idempotent. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** A stream of the bytes, or null when absent. */
  get(sha256: string): Promise<ReadableStream<Uint8Array> | null>;
  has(sha256: string): Promise<boolean>;
  /** Remove the bytes (the sweep of photos no record names: blobs/sweep.ts); absent is fine. */
  delete(sha256: string): Promise<void>;
  /**
   * Unfinished uploads (routes/blob-chunks.ts), one file per photo and device (`key`, a hex
   * name): write `bytes` at `offset`, dropping anything after it (a chunk cut off mid-write).
   */
  writePartial(key: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** The first `length` bytes of a partial, or null when it is absent or shorter. */
  readPartial(key: string, length: number): Promise<Uint8Array | null>;
  deletePartial(key: string): Promise<void>;
}
