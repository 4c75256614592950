/**
 * Every route of the app's route table, hit with arbitrary methods, headers, path parameters and
 * bodies (fast-check): each answer is a success or a JSON 4xx `{code, message}`, never a 500 and
 * never a hang. Tokens are real ones (admin, facilitator, participant) as often as garbage, so
 * the handlers behind authentication are reached too. A bounded number of runs per engine, so
 * the suite stays a few seconds; a failure prints the request that broke it.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { testApp } from '../helpers/app.ts';
import { stamp } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
/** Runs per route of the route table (22 routes). */
const RUNS = { sqlite: 25, postgres: 12 };
/** Longer than any answer takes on a busy machine; an answer that never comes fails the run. */
const HANG_MS = 15_000;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Strings that have broken servers: escapes, NUL, lone surrogates, traversal, huge numbers. */
const nasty = fc.constantFrom(
  '',
  '\u0000',
  '\ud800',
  '\udc00x',
  '../../etc/passwd',
  '%00',
  '%ED%A0%80',
  '%',
  'a'.repeat(300),
  '9'.repeat(40),
  'null',
  '__proto__',
  'constructor',
  '{"a":1}',
  '💥',
  '\u202e',
);
/** What PostgreSQL cannot store in text (issue 19: a 500 there, stored as sent on SQLite). */
const poison = fc.constantFrom('\u0000', 'a\u0000', '\ud800', 'x\udfff', '\udc00\ud800');
const text = fc.oneof(fc.string({ maxLength: 40 }), nasty, poison);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        text,
        fc.constantFrom(
          'deviceId',
          'since',
          'changes',
          'code',
          'username',
          'password',
          'name',
          'fields',
          'stamps',
          'bases',
          '__proto__',
        ),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** A lone surrogate cannot be percent-encoded as UTF-8: sent as the bytes one would be instead. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

describe.each(await storeKinds())('fuzzing every route on %s', (kind) => {
  let opened: Opened;
  let app: App;
  const tokens: string[] = [];
  let routes: { method: string; path: string }[] = [];
  let code = '';

  beforeAll(async () => {
    opened = await openStore(kind);
    app = testApp(opened, () => T0, {
      joinLimit: { max: 100_000, windowMs: 60_000 },
      registerLimit: { max: 100_000, windowMs: 60_000 },
      loginLimit: { max: 100_000, windowMs: 60_000 },
    });
    const w = await seedWorkshop(opened.store, () => T0);
    code = w.participantCode;
    tokens.push((await adminDevice(opened.store, T0)).token);
    tokens.push((await join(app, w.participantCode, 'fuzz-p')).token);
    tokens.push((await join(app, w.facilitatorCode, 'fuzz-f')).token);
    routes = app.routes.filter((r) => r.method !== 'ALL').map(({ method, path }) => ({ method, path }));
  });
  afterAll(async () => {
    await opened.dispose();
  });

  /** A plausible sync body with fuzzed parts, so the handler's inner checks are reached. */
  const syncBody = fc.record({
    deviceId: fc.oneof(text, fc.constant('fuzz-p')),
    since: fc.oneof(fc.integer(), fc.constant(0)),
    changes: fc.array(
      fc.record({
        changeId: fc.oneof(text, fc.constant(uuidv7(T0))),
        table: fc.oneof(
          text,
          fc.constantFrom('entries', 'attachments', 'comments', 'reviews', 'workshops', 'conflicts'),
        ),
        id: fc.oneof(text, fc.constant(uuidv7(T0))),
        fields: fc.dictionary(
          fc.oneof(text, fc.constantFrom('nama', 'sha256', 'authorId', 'workshopId')),
          jsonValue,
          { maxKeys: 3 },
        ),
        stamps: fc.oneof(
          text,
          fc.constant(stamp(T0, 'fuzz-p')),
          fc.constant(stamp(T0 + 10 ** 9, 'fuzz-p', 36 ** 5 - 1)),
        ),
        bases: fc.oneof(fc.constant(null), text),
      }),
      { maxLength: 3 },
    ),
  });
  /** A valid body with one field fuzzed, so the fuzzed string gets past the others to the store. */
  const oneFuzzed = (valid: Record<string, string>) =>
    fc
      .record({ key: fc.constantFrom(...Object.keys(valid)), value: text })
      .map(({ key, value }) => JSON.stringify({ ...valid, [key]: value }));
  /** Bodies shaped for the route, most of the time; anything at all otherwise. */
  const bodyFor = (path: string) => {
    const shaped = path.endsWith('/join')
      ? oneFuzzed({ code: code, deviceId: 'fuzz-x', name: 'Ani' })
      : path.endsWith('/login')
        ? oneFuzzed({ username: 'admin', password: 'kata-sandi-panjang' })
        : path.endsWith('/devices')
          ? oneFuzzed({ deviceId: 'fuzz-y', name: 'Ani' })
          : path.endsWith('/sync')
            ? syncBody.map((v) => JSON.stringify(v))
            : jsonValue.map((v) => JSON.stringify(v));
    return fc.oneof(
      { arbitrary: shaped, weight: 6 },
      fc.constant(undefined),
      jsonValue.map((v) => JSON.stringify(v)),
      text,
      fc.uint8Array({ maxLength: 64 }),
      syncBody.map((v) => gzipSync(JSON.stringify(v))),
    );
  };
  const requestFor = (path: string) =>
    fc.record({
      method: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, fc.constantFrom(...METHODS)),
      params: fc.array(
        fc.oneof(text, fc.constant('a'.repeat(64)), fc.constantFrom('iid.csv', 'recap.xlsx')),
        {
          minLength: 3,
          maxLength: 3,
        },
      ),
      query: fc.oneof(
        fc.constant(''),
        text.map((t) => `?workshopId=${enc(t)}&role=${t.replace(/[#&%]/g, '')}`),
      ),
      token: fc.oneof(fc.constant(null), fc.nat(), text),
      contentType: fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 3 },
        fc.constant(null),
        fc.constantFrom('application/json', 'image/jpeg', 'text/plain', 'multipart/form-data'),
        text,
      ),
      encoding: fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        fc.constantFrom('gzip', 'br', 'identity'),
        text,
      ),
      body: bodyFor(path),
    });

  it('answers every request with a success or a JSON 4xx, never a 500 and never a hang', async () => {
    for (const route of routes) await fuzzRoute(route);
  }, 300_000);

  const fuzzRoute = (route: { method: string; path: string }) =>
    fc.assert(
      fc.asyncProperty(requestFor(route.path), async (r) => {
        let i = 0;
        const path = route.path.replace(/:[a-z0-9]+/gi, () => enc(r.params[i++] ?? 'x'));
        const method = r.method ?? route.method;
        const headers: Record<string, string> = {};
        const auth = typeof r.token === 'number' ? tokens[r.token % tokens.length]! : r.token;
        // Header values must be ByteStrings: the fuzz goes in bodies and URLs, not in the encoding.
        const header = (v: string) => v.replace(/[^\x20-\x7e]/g, '');
        if (auth !== null) headers['authorization'] = `Bearer ${header(auth)}`;
        if (r.contentType !== null) headers['content-type'] = header(r.contentType);
        if (r.encoding !== null) headers['content-encoding'] = header(r.encoding);
        const withBody = method !== 'GET' && method !== 'HEAD' && r.body !== undefined;
        const url = `http://localhost${path}${r.query}`;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms`)), HANG_MS);
        });
        try {
          const res = await Promise.race([
            app.request(url, { method, headers, ...(withBody ? { body: r.body as BodyInit } : {}) }),
            hang,
          ]);
          const what = `${method} ${path}${r.query} → ${res.status}`;
          expect(res.status, what).toBeLessThan(500);
          if (res.status >= 400 && method !== 'HEAD') {
            expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
            const err = (await res.json()) as { code?: unknown; message?: unknown };
            expect(typeof err.code, what).toBe('string');
            expect(typeof err.message, what).toBe('string');
          } else await res.arrayBuffer();
        } finally {
          clearTimeout(timer);
        }
      }),
      {
        numRuns: Number(process.env['FUZZ_RUNS'] ?? RUNS[kind]),
        seed: Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31),
      },
    );
});
