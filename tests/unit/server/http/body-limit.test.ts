/**
 * The body limit over a real socket (http/body-limit.ts), where it decides on Content-Length and
 * lets the server read the body straight from the socket; a body without a length (chunked) is
 * counted as it streams. Over the limit either way: 413 api.too_large and nothing stored.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMIT, uuidv7 } from '$src/core/index.ts';
import { change, stamp } from '../helpers/client.ts';
import { useAdminApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

interface Answer {
  status: number;
  body: string;
}

/** POST over the socket: with its length, or chunked (no Content-Length) in 64 KB pieces. */
function send(port: number, path: string, token: string, body: string, chunked: boolean): Promise<Answer> {
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...(chunked ? {} : { 'content-length': String(bytes.byteLength) }),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      },
    );
    // The server may answer 413 and stop reading before the body is all sent.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    if (chunked) for (let i = 0; i < bytes.byteLength; i += 65_536) req.write(bytes.subarray(i, i + 65_536));
    req.end(chunked ? undefined : bytes);
  });
}

describe('the body limit over a socket', () => {
  const t = useAdminApp(T0);
  let server: ServerType;
  let port = 0;

  beforeEach(async () => {
    await new Promise<void>((ready) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        ready();
      });
    });
  });
  afterEach(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  const syncBody = (nama: string) =>
    JSON.stringify({
      deviceId: t.dev.deviceId,
      since: 0,
      changes: [change('entries', uuidv7(T0), { nama }, stamp(T0, t.dev.deviceId))],
    });

  it.each([
    ['with its length', false],
    ['chunked', true],
  ])('a sync within the limit is stored (%s)', async (_how, chunked) => {
    const res = await send(port, '/api/v1/sync', t.dev.token, syncBody('Layanan keliling'), chunked);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { accepted: string[] }).accepted).toHaveLength(1);
    expect(await t.opened.store.countChangeLog()).toBe(1);
  });

  it.each([
    ['with its length', false],
    ['chunked', true],
  ])('a sync over 1 MB is 413 api.too_large and stores nothing (%s)', async (_how, chunked) => {
    const res = await send(port, '/api/v1/sync', t.dev.token, syncBody('x'.repeat(JSON_BODY_LIMIT)), chunked);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'api.too_large' });
    expect(await t.opened.store.countChangeLog()).toBe(0);
  });
});
