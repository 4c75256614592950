/**
 * Issue 19, finding 6: a client that stops sending its body cannot hold the connection. Before,
 * the server kept Node's defaults (a stalled body held its socket for 300 s); applyHttpTimeouts
 * (main.ts) closes a silent socket after HTTP_TIMEOUTS.idleMs (30 s). Here with a 200 ms idle
 * time, on a real socket: the test waits for the close, it does not time it.
 */
import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyHttpTimeouts, HTTP_TIMEOUTS } from '$src/server/http/timeouts.ts';

describe('HTTP server timeouts', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  it('keeps the budgets DESIGN.md names: a stalled body is closed within 30 s', () => {
    expect(HTTP_TIMEOUTS.idleMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_TIMEOUTS.headersMs).toBeLessThanOrEqual(HTTP_TIMEOUTS.requestMs);
  });

  it('closes a connection whose body stalls, without answering it', async () => {
    // @hono/node-server logs the aborted request; expected here.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let handled = 0;
    const app = new Hono().post('/', async (c) => {
      await c.req.text();
      handled++;
      return c.text('ok');
    });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(info.port),
      ) as Server;
    });
    applyHttpTimeouts(server!, { idleMs: 200, headersMs: 5_000, requestMs: 10_000 });
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nonly ten b',
    );
    await closed;
    expect(handled).toBe(0);
    expect(received).not.toContain('ok');
    expect((server!.address() as AddressInfo).port).toBe(port);
    logged.mockRestore();
  });
});
