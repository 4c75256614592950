/**
 * The load generator's POST: node:http on keep-alive connections, the answer gunzipped in one
 * call. The generator shares the machine's 2 cores with the server it measures, so every
 * millisecond it spends is one the server may wait for. fetch() (undici) cost it about 2.5 ms per
 * request here, mostly in web streams decompressing the answer chunk by chunk: about a third of
 * the CPU used while 200 devices arrive.
 */
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

const agent = new Agent({ keepAlive: true });

export interface Answer {
  status: number;
  text: string;
}

export function postJson(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return send('POST', url, headers, Buffer.from(body));
}

/** Any method with a body: the photo mix PUTs photo chunks on the same connections. */
export function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  data: Uint8Array,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: { ...headers, 'content-length': String(data.byteLength) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const raw = Buffer.concat(chunks);
            const bytes = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
            resolve({ status: res.statusCode ?? 0, text: bytes.toString('utf8') });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
