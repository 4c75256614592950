// The dashboard's numbers on a small table of entries: counts per dimension, the filters,
// coverage of the six basic-service affairs, OPDs without an innovation, month buckets (with
// the empty months between), the drill-down list and the stagnan list.
import { URUSAN_PELAYANAN_DASAR } from '$src/core/picklists.ts';
import {
  aggregate,
  listEntries,
  monthKey,
  stampWallTime,
  toSummary,
  yearsOf,
  type EntrySummary,
} from '$src/app/state/admin/aggregate.ts';
import { parseListFilter, listHref } from '$src/app/state/admin/query.ts';

const T = (iso: string) => Date.parse(`${iso}T05:00:00Z`);

function e(id: string, o: Partial<EntrySummary>): EntrySummary {
  return {
    id,
    nama: `Inovasi ${id}`,
    opd: 'Dinas Sosial',
    tahapan: 'Inisiatif',
    bentuk: 'Inovasi Pelayanan Publik',
    jenis: 'Digital',
    urusanUtama: 'Sosial',
    tematik: 'Non Tematik',
    workshopId: 'w1',
    createdAt: T('2026-01-10'),
    tahapanAt: T('2026-01-10'),
    ...o,
  };
}

//    id   opd                 tahapan      urusan        workshop created
const ENTRIES = [
  e('a', { opd: 'Dinas Sosial', urusanUtama: 'Sosial' }),
  e('b', { opd: 'Dinas Sosial', tahapan: 'Uji Coba', urusanUtama: 'Kesehatan', createdAt: T('2026-03-02') }),
  e('c', { opd: 'Dinas Kesehatan', tahapan: 'Penerapan', urusanUtama: 'Kesehatan', jenis: 'Non Digital' }),
  e('d', {
    opd: 'Dinas Pendidikan',
    urusanUtama: 'Pendidikan',
    workshopId: 'w2',
    createdAt: T('2025-11-20'),
  }),
  e('x', { opd: '', urusanUtama: '', workshopId: 'w2', createdAt: T('2025-12-01') }),
];

describe('aggregate', () => {
  it('counts every dimension in one pass, biggest first, empty values as their own bar', () => {
    const a = aggregate(ENTRIES, { workshopId: '', year: 0 });
    expect(a.total).toBe(5);
    expect(a.by.opd).toEqual([
      { key: 'Dinas Sosial', count: 2 },
      { key: '', count: 1 },
      { key: 'Dinas Kesehatan', count: 1 },
      { key: 'Dinas Pendidikan', count: 1 },
    ]);
    expect(a.by.jenis).toEqual([
      { key: 'Digital', count: 4 },
      { key: 'Non Digital', count: 1 },
    ]);
  });

  it('breaks ties by the pick-list order when given', () => {
    const a = aggregate(
      ENTRIES,
      { workshopId: '', year: 0 },
      { orders: { tahapan: ['Inisiatif', 'Uji Coba', 'Penerapan'] } },
    );
    expect(a.by.tahapan.map((b) => b.key)).toEqual(['Inisiatif', 'Uji Coba', 'Penerapan']);
    const b = aggregate(
      ENTRIES,
      { workshopId: '', year: 0 },
      { orders: { tahapan: ['Penerapan', 'Uji Coba', 'Inisiatif'] } },
    );
    expect(b.by.tahapan.map((x) => x.key)).toEqual(['Inisiatif', 'Penerapan', 'Uji Coba']);
  });

  it('filters by workshop and by year of creation', () => {
    expect(aggregate(ENTRIES, { workshopId: 'w2', year: 0 }).total).toBe(2);
    expect(aggregate(ENTRIES, { workshopId: '', year: 2025 }).total).toBe(2);
    expect(aggregate(ENTRIES, { workshopId: 'w1', year: 2025 }).total).toBe(0);
    expect(yearsOf(ENTRIES)).toEqual([2026, 2025]);
  });

  it('coverage of the six basic-service affairs and OPDs of the list with no innovation', () => {
    const a = aggregate(
      ENTRIES,
      { workshopId: '', year: 0 },
      {
        basicServices: URUSAN_PELAYANAN_DASAR,
        opdList: ['Dinas Sosial', 'Dinas Perhubungan', 'Dinas Kesehatan', 'Bappeda'],
      },
    );
    expect(URUSAN_PELAYANAN_DASAR).toHaveLength(6);
    const covered = Object.fromEntries(a.coverage.map((c) => [c.key, c.count]));
    expect(covered.Pendidikan).toBe(1);
    expect(covered.Kesehatan).toBe(2);
    expect(covered.Sosial).toBe(1);
    expect(a.coverage.filter((c) => c.count === 0)).toHaveLength(3);
    expect(a.opdsWithout).toEqual(['Dinas Perhubungan', 'Bappeda']);
  });

  it('buckets entries per month (Jakarta time), with the empty months in between', () => {
    const a = aggregate(ENTRIES, { workshopId: '', year: 0 });
    expect(a.months).toEqual([
      { key: '2025-11', count: 1 },
      { key: '2025-12', count: 1 },
      { key: '2026-01', count: 2 },
      { key: '2026-02', count: 0 },
      { key: '2026-03', count: 1 },
    ]);
    // 31 Dec 2025 20:00 UTC is already 1 January 2026 in Jakarta.
    expect(monthKey(Date.parse('2025-12-31T20:00:00Z'))).toBe('2026-01');
  });

  it('lists the entries behind a bar or a month', () => {
    const f = { workshopId: '', year: 0 };
    expect(listEntries(ENTRIES, { ...f, dim: 'urusanUtama', value: 'Kesehatan' }).map((x) => x.id)).toEqual([
      'c',
      'b',
    ]);
    expect(listEntries(ENTRIES, { ...f, dim: 'month', value: '2026-03' }).map((x) => x.id)).toEqual(['b']);
    expect(listEntries(ENTRIES, { ...f, dim: null, value: '' })).toHaveLength(5);
  });
});

describe('summaries from records', () => {
  it('take the stage time from the HLC stamp of tahapan and skip deleted or merged entries', () => {
    const stamp = '001767225600000-00003-dev1';
    expect(stampWallTime(stamp)).toBe(1767225600000);
    const s = toSummary({
      id: 'r1',
      fields: { nama: ' A ', opd: 'Dinas Sosial', tahapan: 'Inisiatif', createdAt: 5 },
      stamps: { tahapan: stamp },
    });
    expect(s?.tahapanAt).toBe(1767225600000);
    expect(s?.nama).toBe('A');
    expect(toSummary({ id: 'r2', fields: { deleted: true }, stamps: {} })).toBeNull();
    expect(toSummary({ id: 'r3', fields: { mergedInto: 'r1' }, stamps: {} })).toBeNull();
  });
});

describe('list filter in the URL', () => {
  it('round-trips and accepts ?opd= as a short form', () => {
    const f = { workshopId: 'w1', year: 2026, dim: 'opd' as const, value: 'Dinas Sosial' };
    expect(parseListFilter(listHref('/admin/entri', f).split('?')[1]!)).toEqual(f);
    expect(parseListFilter('opd=Dinas%20Sosial')).toMatchObject({ dim: 'opd', value: 'Dinas Sosial' });
    expect(parseListFilter('dim=evil&year=abc')).toEqual({ workshopId: '', year: 0, dim: null, value: '' });
  });
});
