/**
 * A TCP proxy in front of the server that can cut the link: every open connection is destroyed
 * mid-stream and new ones are dropped at once until it is restored, as a hall's Wi-Fi that dies
 * (DevTools' offline emulation only pauses a request already on its way). It counts the bytes
 * that reached it from the browser: what was really sent, whatever the page believes.
 */
import { createServer, connect, type Socket } from 'node:net';
import { HOST } from './net.ts';

export interface CutProxy {
  url: string;
  /** Bytes from the browser to the server so far. */
  readonly upBytes: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  const open = new Set<Socket>();
  let down = false;
  let up = 0;
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, HOST);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('data', (d: Buffer) => {
      up += d.length;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${HOST}:${port}`,
    get upBytes() {
      return up;
    },
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
