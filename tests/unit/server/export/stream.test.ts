/**
 * Exports stream: the entries are read as the output is read, and a 10,000-entry export parses
 * back whole. No timing is asserted; speed and memory are printed by bench/export.ts.
 */
import { Unzip, UnzipInflate, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { RecordDoc } from '$src/core/index.ts';
import { exportStream, jsonDump } from '$src/server/export/index.ts';
import { NOW, chunksOf, entry, parseCsv } from '../golden/fixtures.ts';

const N = 10_000;

/** Entries already in export order (OPD, then nama), counting how many were handed out. */
function source(n: number, order: 'sorted' | 'shuffled' = 'sorted') {
  const state = { produced: 0, finished: false, returned: false };
  const index = (i: number) => (order === 'sorted' ? i : (i * 7919) % n); // 7919 is prime: a permutation
  async function* gen(): AsyncGenerator<RecordDoc> {
    try {
      for (let i = 0; i < n; i++) {
        const k = index(i);
        state.produced += 1;
        yield entry(`id-${String(k).padStart(6, '0')}`, {
          nama: `Inovasi ${String(k).padStart(6, '0')} — "Sambang Warga"; kanggo sedulur`,
          opd: `OPD ${String(Math.floor(k / 100)).padStart(4, '0')}`,
          tahapan: 'Uji Coba',
          jenis: 'Digital',
          bentuk: 'Inovasi Pelayanan Publik',
          urusanUtama: 'Sosial',
          rancangBangun: 'Petugas datang ke rumah warga, mencatat keluhan, lalu menindaklanjutinya. '.repeat(
            4,
          ),
          tujuan: k % 10 === 0 ? '=HYPERLINK("http://x","klik")' : 'Warga terlayani',
          waktuUjiCoba: '2025-03-01',
        });
      }
      state.finished = true;
    } finally {
      if (!state.finished) state.returned = true;
    }
  }
  return { state, entries: gen() };
}

describe('streaming exports', () => {
  it(`CSV of ${N} presorted entries: the generator stays at most one row ahead of the output`, async () => {
    const { state, entries } = source(N);
    const body = exportStream('iid', 'csv', entries, { now: NOW, presorted: true }).body;
    expect(state.produced).toBe(0); // nothing read before the first pull

    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    let maxLead = 0;
    let producedAtFirstChunk = -1;
    let records = 0;
    for await (const chunk of chunksOf(body)) {
      chunks += 1;
      const part = decoder.decode(chunk, { stream: true });
      text += part;
      // Records written so far (no cell here holds a line break); the first is the header.
      records += part.split('\r\n').length - 1;
      maxLead = Math.max(maxLead, state.produced - (records - 1));
      if (producedAtFirstChunk < 0) producedAtFirstChunk = state.produced;
    }
    text += decoder.decode();

    expect(chunks).toBeGreaterThan(10);
    expect(producedAtFirstChunk).toBeGreaterThan(0);
    expect(producedAtFirstChunk).toBeLessThan(N);
    expect(maxLead).toBeLessThanOrEqual(1);
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(N + 1);
    expect(rows[1]![0]).toBe('id-000000');
    expect(rows[N]![0]).toBe(`id-${String(N - 1).padStart(6, '0')}`);
    const tujuan = rows[0]!.indexOf('Tujuan');
    expect(rows.filter((r) => r[tujuan] === `'=HYPERLINK("http://x","klik")`)).toHaveLength(N / 10);
  });

  it(`CSV of ${N} shuffled entries (default: sorted here) parses back to ${N + 1} rows in order`, async () => {
    const { entries } = source(N, 'shuffled');
    const text = await new Response(
      exportStream('iid', 'csv', entries, { now: NOW, separator: ';' }).body,
    ).text();
    const rows = parseCsv(text.replace(/^\uFEFF/, ''), ';');
    expect(rows).toHaveLength(N + 1);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(N);
  });

  it(`XLSX of ${N} presorted entries streams zip bytes before the last entry is read`, async () => {
    const { state, entries } = source(N);
    const body = exportStream('iid', 'xlsx', entries, { now: NOW, presorted: true }).body;
    const producedAtChunk: number[] = [];
    const parts: Uint8Array[] = [];
    for await (const chunk of chunksOf(body)) {
      producedAtChunk.push(state.produced);
      parts.push(chunk);
    }
    // Bytes of the sheet itself left while entries were still being read.
    expect(producedAtChunk.filter((p) => p > 0 && p < N).length).toBeGreaterThan(1);

    // Read it back with fflate's streaming unzip, counting rows in the sheet.
    let sheet = '';
    const unzip = new Unzip((file) => {
      if (file.name !== 'xl/worksheets/sheet1.xml') return;
      file.ondata = (err, data) => {
        if (err) throw err;
        sheet += strFromU8(data);
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    parts.forEach((p, i) => unzip.push(p, i === parts.length - 1));
    expect(sheet.match(/<row /g)).toHaveLength(N + 1);
    expect(sheet.endsWith('</worksheet>')).toBe(true);
    // XLSX text is written as typed: an inline string is never evaluated (cells.ts).
    expect(sheet).toContain(`<t xml:space="preserve">=HYPERLINK(&quot;http://x&quot;,&quot;klik&quot;)</t>`);
  });

  it('cancelling the download stops reading the entries', async () => {
    const { state, entries } = source(N);
    const reader = exportStream('kipp', 'csv', entries, { now: NOW, presorted: true }).body.getReader();
    await reader.read();
    await reader.cancel();
    expect(state.returned).toBe(true);
    expect(state.produced).toBeLessThan(N);
  });

  it.each(['csv', 'xlsx'] as const)(
    'a store that fails mid-way errors the %s stream instead of ending it short',
    async (format) => {
      async function* failing(): AsyncGenerator<RecordDoc> {
        yield* source(300).entries;
        throw new Error('store went away');
      }
      const body = exportStream('iid', format, failing(), { now: NOW, presorted: true }).body;
      await expect(new Response(body).arrayBuffer()).rejects.toThrow('store went away');
    },
  );

  it(`JSON dump of ${N} entries streams and parses back`, async () => {
    const { state, entries } = source(N);
    let producedAtFirstChunk = -1;
    let json = '';
    const decoder = new TextDecoder();
    for await (const chunk of chunksOf(jsonDump({ entries }, { now: NOW }).body)) {
      if (producedAtFirstChunk < 0) producedAtFirstChunk = state.produced;
      json += decoder.decode(chunk, { stream: true });
    }
    expect(producedAtFirstChunk).toBeLessThan(N);
    expect(JSON.parse(json).tables.entries).toHaveLength(N);
  });
});
