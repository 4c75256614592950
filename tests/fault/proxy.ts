/**
 * An HTTP proxy that misbehaves on purpose, seeded: it drops requests before they reach the
 * server, drops answers after the server committed, sends a request twice at once, and delays.
 * The target can change (a restarted server gets a new port). Listens on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  delay: number;
  maxDelayMs: number;
}

export interface ProxyStats {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
  delayed: number;
  /** Forwarding failed (server down): answered 502. */
  badGateway: number;
}

export interface FaultProxy {
  url: string;
  stats: ProxyStats;
  setTarget(url: string): void;
  setFaults(on: boolean): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(rand: () => number, rates: FaultRates): Promise<FaultProxy> {
  let target = '';
  let faults = true;
  const stats: ProxyStats = {
    requests: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    duplicated: 0,
    delayed: 0,
    badGateway: 0,
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      stats.requests++;
      // Draw every decision up front, so one request consumes the same amount of randomness.
      const [dropReq, dropRes, dup, delay, delayMs] = [rand(), rand(), rand(), rand(), rand()];
      const on = faults;
      if (on && delay < rates.delay) {
        stats.delayed++;
        await sleep(delayMs * rates.maxDelayMs);
      }
      if (on && dropReq < rates.dropRequest) {
        stats.droppedRequests++;
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'authorization']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const forward = async () => {
        const r = await fetch(`${target}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers,
          ...(req.method === 'GET' || req.method === 'HEAD'
            ? {}
            : { body: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer }),
        });
        return {
          status: r.status,
          type: r.headers.get('content-type'),
          buf: Buffer.from(await r.arrayBuffer()),
        };
      };
      let answer: Awaited<ReturnType<typeof forward>>;
      try {
        if (on && dup < rates.duplicate) {
          stats.duplicated++;
          const both = await Promise.allSettled([forward(), forward()]);
          const ok = both.find((b) => b.status === 'fulfilled');
          if (!ok) throw new Error('both copies failed');
          answer = ok.value;
        } else {
          answer = await forward();
        }
      } catch {
        stats.badGateway++;
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
        return;
      }
      if (on && dropRes < rates.dropResponse) {
        // The server has committed; the device never hears back.
        stats.droppedResponses++;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
      res.end(answer.buf);
    })().catch(() => {
      req.socket.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setTarget(url) {
      target = url;
    },
    setFaults(on) {
      faults = on;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
