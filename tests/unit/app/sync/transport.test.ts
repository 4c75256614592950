/**
 * The transport's gzip of sync pushes: a page goes gzipped with its Content-Encoding (the server
 * decodes it, tests/unit/server/sync/sync.test.ts), a tiny request goes plain, and a server that
 * refuses the gzip as unreadable gets the same request again in plain JSON, and plain from then on.
 * A page prepared ahead (Transport.prepare) is the same request on the wire, in two gzip members.
 * Changes go with shared stamps only to a server whose last answer said it reads them.
 */
import { gunzipSync } from 'node:zlib';
import { createTransport, gzip, GZIP_MIN_BYTES, type FetchLike } from '$src/app/sync/transport.ts';
import {
  JSON_BODY_LIMIT,
  SHARED_STAMPS,
  SHARED_STAMPS_HEADER,
  type SyncRequest,
} from '$src/core/protocol.ts';
import { requestBodyText } from '$src/server/sync/request-body.ts';

interface Seen {
  encoding: string | null;
  json: unknown;
}

async function bodyOf(init: RequestInit | undefined): Promise<Seen> {
  const headers = new Headers(init?.headers);
  const encoding = headers.get('content-encoding');
  const raw = init?.body;
  const bytes =
    typeof raw === 'string'
      ? Buffer.from(raw)
      : Buffer.from(raw instanceof ArrayBuffer ? raw : await new Response(raw as BodyInit).arrayBuffer());
  const text = encoding === 'gzip' ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return { encoding, json: JSON.parse(text) };
}

const answer = { accepted: [], rejected: [], changes: [], cursor: 0, more: false, now: 1 };
const ok = () => new Response(JSON.stringify(answer), { status: 200 });

/** A transport whose every request is decoded into `seen` and answered with `ok()`. */
function recording() {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (_url, init) => {
    seen.push(await bodyOf(init));
    return ok();
  };
  return { t: createTransport({ baseUrl: 'http://x', fetch }), seen };
}

function request(n: number): SyncRequest {
  return {
    deviceId: 'dev-1',
    since: 3,
    changes: Array.from({ length: n }, (_, i) => ({
      changeId: `c${i}`,
      table: 'entries' as const,
      id: `e${i}`,
      fields: { nama: `Inovasi nomor ${i} untuk layanan warga` },
      stamps: { nama: '000001764000000-00000-dev-1' },
      bases: { nama: null },
    })),
  };
}

describe('transport gzip', () => {
  it('sends a page gzipped with Content-Encoding, and a tiny request plain', async () => {
    const { t, seen } = recording();
    const big = request(50);
    expect(JSON.stringify(big).length).toBeGreaterThan(GZIP_MIN_BYTES);
    await t.sync('tok', big);
    await t.sync('tok', request(0));
    expect(seen).toEqual([
      { encoding: 'gzip', json: big },
      { encoding: null, json: request(0) },
    ]);
  });

  it('a page prepared ahead goes as two gzip members that decode to the whole request', async () => {
    const bodies: Buffer[] = [];
    const fetch: FetchLike = async (_url, init) => {
      bodies.push(Buffer.from(init?.body as ArrayBuffer));
      return ok();
    };
    const t = createTransport({ baseUrl: 'http://x', fetch });
    const big = request(50);
    const prepared = t.prepare!(big.changes);
    await t.sync('tok', big, prepared);
    // The server's reader (limits and all) sees exactly the request.
    expect(JSON.parse(requestBodyText(new Uint8Array(bodies[0]!), 'gzip', JSON_BODY_LIMIT))).toEqual(big);
    // Two members: the gzip magic bytes start the body and again where the tail's member begins.
    const zippedTail = Buffer.from((await prepared.zippedTail)!);
    expect(bodies[0]!.subarray(bodies[0]!.length - zippedTail.length)).toEqual(zippedTail);
    expect([...bodies[0]!.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });

  it('ignores a prepared body made for other changes', async () => {
    const { t, seen } = recording();
    const stale = t.prepare!(request(40).changes);
    const big = request(50);
    await t.sync('tok', big, stale);
    expect(seen).toEqual([{ encoding: 'gzip', json: big }]);
  });

  it('falls back to plain JSON when the server cannot read the gzip, and stays plain', async () => {
    const seen: Seen[] = [];
    const fetch: FetchLike = async (_url, init) => {
      const b = await bodyOf(init);
      seen.push(b);
      if (b.encoding === 'gzip')
        return new Response(JSON.stringify({ code: 'api.bad_json', message: 'x', messageEn: 'x' }), {
          status: 400,
        });
      return ok();
    };
    const t = createTransport({ baseUrl: 'http://x', fetch });
    await expect(t.sync('tok', request(50))).resolves.toMatchObject({ cursor: 0 });
    await t.sync('tok', request(50));
    expect(seen.map((s) => s.encoding)).toEqual(['gzip', null, null]);
  });

  it('does not retry other refusals plain (a 400 for a bad change is the answer)', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls++;
      return new Response(JSON.stringify({ code: 'api.invalid_body', message: 'x', messageEn: 'x' }), {
        status: 400,
      });
    };
    const t = createTransport({ baseUrl: 'http://x', fetch });
    await expect(t.sync('tok', request(50))).rejects.toMatchObject({ code: 'api.invalid_body', status: 400 });
    expect(calls).toBe(1);
  });

  it('gzips any text to exactly its UTF-8 bytes, whatever the characters', async () => {
    // One, two, three and four bytes per character (a surrogate pair), the worst the buffer
    // sized at 3 bytes per UTF-16 unit must hold, and an empty text.
    const texts = [
      '',
      'Inovasi',
      'Kecamatan Sananwetan — “Sapa Warga”',
      '€'.repeat(5000),
      '😀ä€a'.repeat(3000),
    ];
    for (const text of texts) {
      const zipped = await gzip(text);
      expect(zipped).not.toBeNull();
      expect(gunzipSync(Buffer.from(zipped!)).toString('utf8')).toBe(text);
    }
  });
});

describe('shared stamps (SHARED_STAMPS_HEADER)', () => {
  const S1 = '000001764000000-00000-dev-1';
  const S2 = '000001764000001-00000-dev-1';
  /** Two changes: one whose fields share one stamp and base, one edited later in one field. */
  const page = (): SyncRequest => ({
    deviceId: 'dev-1',
    since: 3,
    changes: [
      {
        changeId: 'c1',
        table: 'entries',
        id: 'e1',
        fields: { nama: 'SIDOTI', opd: 'Dinas Kesehatan', uraian: 'x'.repeat(600) },
        stamps: { nama: S1, opd: S1, uraian: S1 },
        bases: { nama: null, opd: null, uraian: null },
      },
      {
        changeId: 'c2',
        table: 'entries',
        id: 'e2',
        fields: { nama: 'SI-ANTIK', opd: 'Dinas Sosial' },
        stamps: { nama: S2, opd: S1 },
        bases: { nama: S1, opd: null },
      },
    ],
  });
  const pullOnly: SyncRequest = { deviceId: 'dev-1', since: 3, changes: [] };

  /** A server whose answers say, in turn, whether it reads shared stamps; requests recorded. */
  function server(says: boolean[]) {
    const seen: (Seen & { reads: string | null })[] = [];
    const fetch: FetchLike = async (_url, init) => {
      seen.push({ ...(await bodyOf(init)), reads: new Headers(init?.headers).get(SHARED_STAMPS_HEADER) });
      const headers: Record<string, string> = says.shift() ? { [SHARED_STAMPS_HEADER]: SHARED_STAMPS } : {};
      return new Response(JSON.stringify(answer), { status: 200, headers });
    };
    return { t: createTransport({ baseUrl: 'http://x', fetch }), seen };
  }

  it('sends maps until an answer says the server reads shared stamps, then shares them where a change can', async () => {
    const { t, seen } = server([true, true]);
    await t.sync('tok', pullOnly);
    await t.sync('tok', page());
    // Every request says the device reads them in the answer.
    expect(seen.map((s) => s.reads)).toEqual([SHARED_STAMPS, SHARED_STAMPS]);
    const [c1, c2] = page().changes;
    expect((seen[1]!.json as SyncRequest).changes).toEqual([{ ...c1, stamps: S1, bases: null }, c2]);
  });

  it('sends maps again after an answer without it, a page prepared with shared stamps included', async () => {
    const { t, seen } = server([true, false, true]);
    await t.sync('tok', pullOnly);
    const req = page();
    const prepared = t.prepare!(req.changes);
    expect(prepared.shared).toBe(true);
    // An older server answers now (a rollback behind the same address).
    await t.sync('tok', pullOnly);
    await t.sync('tok', req, prepared);
    expect(seen[2]!.json).toEqual(req);
  });

  it('sends maps to a server that never said it', async () => {
    const { t, seen } = server([false, false]);
    await t.sync('tok', pullOnly);
    await t.sync('tok', page());
    expect(seen[1]!.json).toEqual(page());
  });
});
