/** Async generator → web ReadableStream, pulled on demand so a slow reader (or a slow network)
 * slows the producer down instead of filling memory. Cancelling the stream (the client went
 * away) returns the generator, which closes the store's cursor behind it. */
export function toReadableStream(
  gen: AsyncGenerator<Uint8Array, void, undefined>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await gen.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await gen.return(undefined);
      },
    },
    // Nothing is produced before the first read.
    { highWaterMark: 0 },
  );
}

/** Strings → UTF-8 chunks. */
export async function* utf8(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array, void, undefined> {
  const encoder = new TextEncoder();
  for await (const s of chunks) yield encoder.encode(s);
}

/** Chunks of roughly this many UTF-16 units are handed on: big enough that a 50,000-row export
 * is not a million tiny writes, small enough that memory stays flat. */
export const CHUNK_CHARS = 64 * 1024;
