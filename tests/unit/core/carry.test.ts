/**
 * Carrying an innovation on to the next year's cycle (core/cycle.ts carryPatch) and the IID
 * upload belonging to a year (iidUploadDate, earlierIidUpload): an upload for 2026 is not one
 * for 2027.
 */
import { carryPatch, earlierIidUpload, iidUploadDate, validateFields } from '$src/core/index.ts';

const IN_2025 = Date.UTC(2025, 5, 1);

describe('carryPatch', () => {
  it.each([
    [{ createdAt: IN_2025 }, { tahunLaporan: 2026, dibawaDariTahun: 2025 }],
    [
      { tahunLaporan: 2026, createdAt: IN_2025 },
      { tahunLaporan: 2027, dibawaDariTahun: 2026 },
    ],
    // an upload marked before iidTahun existed is pinned to the year it was seen with
    [
      { tahunLaporan: 2026, iidDiunggah: '2026-03-17' },
      { tahunLaporan: 2027, dibawaDariTahun: 2026, iidTahun: 2026 },
    ],
    [
      { tahunLaporan: 2026, iidDiunggah: '2026-03-17', iidTahun: 2026 },
      { tahunLaporan: 2027, dibawaDariTahun: 2026 },
    ],
    [{}, null],
    [{ tahunLaporan: 2100 }, null],
  ])('%j → %j', (fields, patch) => {
    expect(carryPatch(fields)).toEqual(patch);
    if (patch) expect(validateFields('entries', patch)).toEqual([]);
  });
});

describe('the IID upload belongs to a year', () => {
  it.each([
    [{ tahunLaporan: 2026, iidDiunggah: '2026-03-17' }, '2026-03-17', null],
    [{ tahunLaporan: 2026, iidDiunggah: '2026-03-17', iidTahun: 2026 }, '2026-03-17', null],
    [
      { tahunLaporan: 2027, iidDiunggah: '2026-03-17', iidTahun: 2026 },
      null,
      { date: '2026-03-17', year: 2026 },
    ],
    [{ tahunLaporan: 2027, iidDiunggah: null, iidTahun: null }, null, null],
  ])('%j: uploaded %s, earlier %j', (fields, now, earlier) => {
    expect(iidUploadDate(fields)).toBe(now);
    expect(earlierIidUpload(fields)).toEqual(earlier);
  });

  it('carried, then uploaded again: the new year counts', () => {
    const carried = {
      tahunLaporan: 2026,
      iidDiunggah: '2026-03-17',
      ...carryPatch({ tahunLaporan: 2026, iidDiunggah: '2026-03-17' }),
    };
    expect(iidUploadDate(carried)).toBeNull();
    expect(iidUploadDate({ ...carried, iidDiunggah: '2027-02-01', iidTahun: 2027 })).toBe('2027-02-01');
  });

  it("the new fields are the office's years, checked like tahunLaporan", () => {
    expect(validateFields('entries', { iidTahun: 1999, dibawaDariTahun: '2026' })).toEqual([
      { path: 'iidTahun', code: 'field.invalid_year' },
      { path: 'dibawaDariTahun', code: 'field.invalid_year' },
    ]);
  });
});
