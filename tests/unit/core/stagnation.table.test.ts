/**
 * The stagnan rule in a table. A row: stage, last activity, newest evidence, follow-up, months,
 * now → why it is listed. Dates are "yyyy-mm-dd" (noon UTC, so the Jakarta year is the same);
 * "-" is none; a follow-up is "open@date" or "done@date". The answer is "idle since <date>",
 * "old evidence <year>", "no evidence", "followed since <date>" or "-" (not listed).
 */
import { encodeHlc } from '$src/core/hlc.ts';
import {
  ActivityIndex,
  stagnantList,
  stagnation,
  type StagnantReason,
  type StagnationInput,
} from '$src/core/stagnation.ts';

const at = (d: string): number => Date.parse(`${d}T12:00:00Z`);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function input(tahapan: string, activity: string, evidence: string, followUp: string): StagnationInput {
  const f = /^(open|done)@(.+)$/.exec(followUp);
  return {
    tahapan,
    lastActivityAt: activity === '-' ? 0 : at(activity),
    lastEvidenceAt: evidence === '-' ? null : at(evidence),
    followUp: f ? { open: f[1] === 'open', updatedAt: at(f[2]!) } : null,
  };
}

function show(r: StagnantReason | null): string {
  if (!r) return '-';
  switch (r.kind) {
    case 'idle':
      return `idle since ${day(r.since)}`;
    case 'old_evidence':
      return `old evidence ${r.year}`;
    case 'no_evidence':
      return 'no evidence';
    case 'followed':
      return `followed since ${day(r.since)}`;
  }
}

// prettier-ignore
const CASES: [string, string, string, string, number, string, string][] = [
  // stage         activity      evidence      follow-up          months now           → listed?
  ['Inisiatif',   '2026-01-10', '-',          '-',                6, '2026-07-10', 'idle since 2026-01-10'],
  ['Inisiatif',   '2026-01-11', '-',          '-',                6, '2026-07-10', '-'],
  ['Uji Coba',    '2025-03-01', '-',          '-',               12, '2026-03-01', 'idle since 2025-03-01'],
  ['Uji Coba',    '2025-03-02', '-',          '-',               12, '2026-03-01', '-'],
  // an edit, review, comment or evidence (all one "activity" here) keeps it off the list
  ['Inisiatif',   '2026-06-30', '-',          '-',                3, '2026-07-10', '-'],
  // unknown activity (no stamp): never guessed stagnant
  ['Inisiatif',   '-',          '-',          '-',                3, '2026-07-10', '-'],
  // a follow-up edit is activity...
  ['Inisiatif',   '2025-01-01', '-',          'done@2026-06-01',  6, '2026-07-10', '-'],
  ['Inisiatif',   '2025-01-01', '-',          'done@2025-12-01',  6, '2026-07-10', 'idle since 2025-12-01'],
  // ...and an open one keeps the innovation listed, with who follows it up
  ['Inisiatif',   '2025-01-01', '-',          'open@2026-06-01',  6, '2026-07-10', 'followed since 2026-06-01'],
  ['Uji Coba',    '2026-07-01', '-',          'open@2026-06-01',  6, '2026-07-10', 'followed since 2026-06-01'],
  // evidence before Penerapan is activity, not the evidence rule
  ['Uji Coba',    '2026-07-01', '2024-05-05', '-',                6, '2026-07-10', '-'],
  // Penerapan: this year's evidence, or it is listed
  ['Penerapan',   '2020-01-01', '2026-02-02', '-',                6, '2026-07-10', '-'],
  ['Penerapan',   '2026-07-01', '2025-12-31', '-',                6, '2026-07-10', 'old evidence 2025'],
  ['Penerapan',   '2026-07-01', '2023-04-04', 'open@2026-07-01',  6, '2026-07-10', 'old evidence 2023'],
  ['Penerapan',   '2026-07-01', '-',          '-',                6, '2026-07-10', 'no evidence'],
  ['Penerapan',   '2026-07-01', '2026-01-05', 'open@2026-03-01',  6, '2026-07-10', 'followed since 2026-03-01'],
  // no stage yet: as before Penerapan
  ['',            '2025-01-01', '-',          '-',                6, '2026-07-10', 'idle since 2025-01-01'],
];

describe('stagnation', () => {
  it.each(CASES)(
    '%s, activity %s, evidence %s, follow-up %s, %i months, at %s → %s',
    (t, a, e, f, m, now, want) => {
      expect(show(stagnation(input(t, a, e, f), m, at(now)))).toBe(want);
    },
  );

  it("the evidence year is Jakarta's: 31 Dec 20:00 UTC is already the next year", () => {
    const evidence = Date.parse('2025-12-31T20:00:00Z');
    expect(
      stagnation(
        { tahapan: 'Penerapan', lastActivityAt: 0, lastEvidenceAt: evidence, followUp: null },
        6,
        at('2026-03-01'),
      ),
    ).toBeNull();
  });
});

describe('stagnantList', () => {
  it('lists what the rule names, the longest-waiting first, with the follow-up of each', () => {
    const entries = [
      { id: 'a', tahapan: 'Inisiatif' },
      { id: 'b', tahapan: 'Penerapan' },
      { id: 'c', tahapan: 'Uji Coba' },
      { id: 'd', tahapan: 'Inisiatif' },
    ];
    const activity: Record<string, string> = {
      a: '2025-06-01',
      b: '2026-07-01',
      c: '2025-01-01',
      d: '2026-07-01',
    };
    const list = stagnantList(
      entries,
      (id) => ({ lastActivityAt: at(activity[id]!), lastEvidenceAt: null }),
      (id) => (id === 'd' ? { open: true, updatedAt: at('2026-07-02') } : null),
      6,
      at('2026-07-10'),
    );
    expect(list.map((x) => `${x.entry.id} ${show(x.reason)}`)).toEqual([
      'b no evidence',
      'c idle since 2025-01-01',
      'a idle since 2025-06-01',
      'd followed since 2026-07-02',
    ]);
  });
});

describe('ActivityIndex', () => {
  const s = (d: string, node = 'dev-a') => encodeHlc({ wall: at(d), counter: 0, node });

  it("counts the entry's own fields but not the IID cycle bookkeeping, and any child record", () => {
    const x = new ActivityIndex();
    x.addEntry({
      id: 'e1',
      fields: { nama: 'A', tahunLaporan: 2027, dibawaDariTahun: 2026, iidDiunggah: null },
      stamps: {
        nama: s('2025-01-01'),
        tahunLaporan: s('2026-12-01'),
        dibawaDariTahun: s('2026-12-01'),
        iidDiunggah: s('2026-12-01'),
      },
    });
    expect(day(x.get('e1').lastActivityAt)).toBe('2025-01-01');
    x.addChild({
      id: 'c1',
      table: 'comments',
      fields: { entryId: 'e1', text: 'x' },
      stamps: { text: s('2025-05-05') },
    });
    x.addChild({
      id: 'r1',
      table: 'reviews',
      fields: { entryId: 'e1' },
      stamps: { status: s('2025-04-04') },
    });
    expect(day(x.get('e1').lastActivityAt)).toBe('2025-05-05');
    expect(x.get('e1').lastEvidenceAt).toBeNull();
    expect(x.get('nope')).toEqual({ lastActivityAt: 0, lastEvidenceAt: null });
  });

  it('takes the newest live evidence file; a photo is activity, not evidence', () => {
    const x = new ActivityIndex();
    const att = (id: string, d: string, extra: Record<string, string | boolean | number>) =>
      x.addChild({
        id,
        table: 'attachments',
        fields: { entryId: 'e1', createdAt: at(d), ...extra },
        stamps: { entryId: s(d) },
      });
    att('a1', '2024-02-02', { evidenceFor: 'regulasi' });
    att('a2', '2025-03-03', { evidenceFor: 'sdm', deleted: true });
    att('a3', '2026-01-01', {});
    expect(day(x.get('e1').lastEvidenceAt!)).toBe('2024-02-02');
    expect(day(x.get('e1').lastActivityAt)).toBe('2026-01-01');
  });
});
