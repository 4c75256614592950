/**
 * The yearly IID cycle, first part (issue 20 item 4): the reporting year of an innovation and
 * "sudah diunggah ke IID" with its date, as table tests on the shared schema (device EntryValues
 * and the server's validateFields), the rules that read them (core/cycle.ts), the office's
 * planner (state/admin/cycle.ts) and the ranking export's Tahun column.
 */
import { describe, expect, it } from 'vitest';
import { EntryValues, fieldIssues, iidUploadDate, reportingYear, validateFields } from '$src/core/index.ts';
import { planCycle } from '$src/app/state/admin/cycle.ts';
import { exportStream } from '$src/server/export/index.ts';
import { NOW, asAsync, entry, parseCsv, readAll } from '../server/golden/fixtures.ts';

const BASE = {
  nama: 'SAPA MAS WALI',
  opd: 'Satpol PP',
  tahapan: 'Penerapan',
  jenis: 'Digital',
  bentuk: 'Inovasi Pelayanan Publik',
  urusanUtama: 'Sosial',
} as const;
const device = (extra: Record<string, unknown>) => {
  const r = EntryValues.safeParse({ ...BASE, ...extra });
  return r.success ? [] : fieldIssues(r.error);
};
// 15/06/2026 12:00 in Jakarta.
const NOW_2026 = Date.UTC(2026, 5, 15, 5);

describe('the schema of the new fields', () => {
  it.each([
    [{ tahunLaporan: 2026 }, []],
    [{ tahunLaporan: 2000 }, []],
    [{ tahunLaporan: null }, []],
    [{ tahunLaporan: 1999 }, [{ path: 'tahunLaporan', code: 'field.invalid_year' }]],
    [{ tahunLaporan: 2101 }, [{ path: 'tahunLaporan', code: 'field.invalid_year' }]],
    [{ tahunLaporan: 2026.5 }, [{ path: 'tahunLaporan', code: 'field.invalid_year' }]],
    [{ tahunLaporan: '2026' }, [{ path: 'tahunLaporan', code: 'field.invalid_year' }]],
    [{ iidDiunggah: '2026-03-31' }, []],
    [{ iidDiunggah: null }, []],
    [{ iidDiunggah: '31/03/2026' }, [{ path: 'iidDiunggah', code: 'field.invalid_date' }]],
    [{ iidDiunggah: '2026-02-30' }, [{ path: 'iidDiunggah', code: 'field.invalid_date' }]],
  ])('%j → %j on the device and the server', (fields, issues) => {
    expect(device(fields)).toEqual(issues);
    expect(validateFields('entries', fields)).toEqual(issues);
  });
});

describe('reading the cycle', () => {
  it.each<[Record<string, number | null>, number | null, string]>([
    [{ tahunLaporan: 2027, createdAt: Date.UTC(2026, 0, 1) }, 2027, 'the office set it'],
    [{ createdAt: Date.UTC(2025, 11, 31, 18) }, 2026, 'entered on 1 January 2026 in Jakarta'],
    [{ createdAt: Date.UTC(2025, 11, 31, 16) }, 2025, 'still 31 December 2025 in Jakarta'],
    [{ tahunLaporan: null, createdAt: Date.UTC(2024, 5, 1) }, 2024, 'cleared: back to the entry year'],
    [{}, null, 'no year at all'],
  ])('%j reports in %s (%s)', (fields, year) => {
    expect(reportingYear(fields)).toBe(year);
  });

  it('an upload date is only a well-formed date', () => {
    expect(iidUploadDate({ iidDiunggah: '2026-03-31' })).toBe('2026-03-31');
    expect(iidUploadDate({ iidDiunggah: null })).toBeNull();
    expect(iidUploadDate({})).toBeNull();
    expect(iidUploadDate({ iidDiunggah: 'kemarin' })).toBeNull();
  });
});

describe("the office's input", () => {
  it.each([
    [{}, { year: '2027', uploaded: false, date: '' }, { tahunLaporan: 2027 }],
    [{}, { year: ' ', uploaded: true, date: '31/3/2026' }, { iidDiunggah: '2026-03-31' }],
    [{ tahunLaporan: 2027 }, { year: '', uploaded: false, date: '' }, { tahunLaporan: null }],
    [{ iidDiunggah: '2026-03-31' }, { year: '', uploaded: false, date: '31/03/2026' }, { iidDiunggah: null }],
    [
      { tahunLaporan: 2026, iidDiunggah: '2026-03-31' },
      { year: '2026', uploaded: true, date: '31/03/2026' },
      {},
    ],
  ])('%j + %j writes %j (only what changes)', (current, input, patch) => {
    expect(planCycle(current, input, NOW_2026)).toEqual({ ok: true, patch });
  });

  it.each([
    [{ year: '26', uploaded: false, date: '' }, { year: 'field.invalid_year' }],
    [{ year: '1999', uploaded: false, date: '' }, { year: 'field.invalid_year' }],
    [{ year: '2026', uploaded: true, date: '' }, { date: 'field.required' }],
    [{ year: '', uploaded: true, date: '2026-03-31' }, { date: 'field.invalid_date' }],
    [{ year: '', uploaded: true, date: '01/01/2027' }, { date: 'field.date_future' }],
    [
      { year: 'dua', uploaded: true, date: '30/02/2026' },
      { year: 'field.invalid_year', date: 'field.invalid_date' },
    ],
  ])('%j is refused with %j', (input, errors) => {
    expect(planCycle({}, input, NOW_2026)).toEqual({ ok: false, errors });
  });
});

describe('the ranking export', () => {
  it("Tahun is the reporting year: the office's, else the year the entry was made", async () => {
    const entries = [
      entry('a', {
        nama: 'Dibawa ke 2027',
        opd: 'BPBD',
        createdAt: Date.UTC(2026, 5, 1),
        tahunLaporan: 2027,
      }),
      entry('b', { nama: 'Tahun entri', opd: 'DKPP', createdAt: Date.UTC(2025, 5, 1) }),
    ];
    const x = exportStream('ranking', 'csv', asAsync(entries), { now: NOW, separator: ',' });
    const rows = parseCsv(new TextDecoder().decode(await readAll(x.body)), ',');
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['Dibawa ke 2027', '2027'],
      ['Tahun entri', '2025'],
    ]);
  });
});
