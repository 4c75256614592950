/**
 * Validation an Indonesian user expects (issue 20, item 5), as table tests on the shared schema:
 * the same entryFieldSchemas check the form on the device (EntryValues, fieldError) and every
 * pushed field on the server (validateFields), so each row is run through both.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EntryValues,
  dateOrderIssues,
  entryFieldMaxChars,
  fieldIssues,
  jakartaYear,
  messageFor,
  normaliseWhatsapp,
  validateFields,
} from '$src/core/index.ts';
import { readiness } from '$src/core/readiness.ts';

const BASE = {
  nama: 'SAPA MAS WALI',
  opd: 'Satpol PP',
  tahapan: 'Penerapan',
  jenis: 'Digital',
  bentuk: 'Inovasi Pelayanan Publik',
  urusanUtama: 'Sosial',
} as const;

/** The issue codes of a saved entry (device) and of the same fields pushed to the server. */
function deviceIssues(extra: Record<string, unknown>): { path: string; code: string }[] {
  const r = EntryValues.safeParse({ ...BASE, ...extra });
  return r.success ? [] : fieldIssues(r.error);
}
function serverIssues(extra: Record<string, unknown>): { path: string; code: string }[] {
  return validateFields('entries', extra);
}

describe('WhatsApp numbers as people write them', () => {
  it.each([
    ['+62 857 1234 5678', '6285712345678'],
    ['62 812-3456-7890', '6281234567890'],
    ['0812.3456.7890', '6281234567890'],
    ['081234567890', '6281234567890'],
    ['(0812) 3456 7890', '6281234567890'],
    ['+62811234567', '62811234567'],
    [' 0857-1234-5678 ', '6285712345678'],
    ['6285712345678', '6285712345678'],
  ])('%j is accepted and stored as %s', (written, stored) => {
    expect(normaliseWhatsapp(written)).toBe(stored);
    expect(deviceIssues({ cpWhatsapp: written })).toEqual([]);
    expect(serverIssues({ cpWhatsapp: written })).toEqual([]);
    // What the device stores passes too.
    expect(serverIssues({ cpWhatsapp: stored })).toEqual([]);
  });

  it.each([
    ['0341 801234', 'a landline (Blitar area code)'],
    ['021-5551234', 'a Jakarta landline'],
    ['0812', 'too short'],
    ['08123456789012345', 'too long'],
    ['+1 202 555 0100', 'not Indonesian'],
    ['0812 3456 789O', 'a letter O for a zero'],
    ['62 0812 3456 7890', '62 and the leading 0 both'],
  ])('%j is refused (%s)', (written) => {
    expect(normaliseWhatsapp(written)).toBeNull();
    expect(deviceIssues({ cpWhatsapp: written })).toEqual([
      { path: 'cpWhatsapp', code: 'field.invalid_phone' },
    ]);
    expect(serverIssues({ cpWhatsapp: written })).toEqual([
      { path: 'cpWhatsapp', code: 'field.invalid_phone' },
    ]);
  });

  it('an empty number is "not given", not an error', () => {
    expect(deviceIssues({ cpWhatsapp: '' })).toEqual([]);
  });
});

describe('dates of the innovation: in order, none after the current year', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T03:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    [{ waktuInisiasi: '2020-01-01', waktuUjiCoba: '2020-06-01', waktuPenerapan: '2021-01-01' }, []],
    [{ waktuInisiasi: '2020-01-01', waktuUjiCoba: '2020-01-01', waktuPenerapan: '2020-01-01' }, []],
    [{ waktuInisiasi: '2020-01-01', waktuPenerapan: '2021-01-01' }, []],
    [{ waktuUjiCoba: '2020-06-01' }, []],
    [{ waktuInisiasi: '2026-12-31' }, []],
    [
      { waktuInisiasi: '2020-06-01', waktuUjiCoba: '2020-01-01' },
      [{ path: 'waktuUjiCoba', code: 'field.date_before_inisiasi' }],
    ],
    [
      { waktuInisiasi: '2020-01-01', waktuUjiCoba: '2020-06-01', waktuPenerapan: '2020-03-01' },
      [{ path: 'waktuPenerapan', code: 'field.date_before_uji_coba' }],
    ],
    [
      { waktuInisiasi: '2021-01-01', waktuPenerapan: '2020-12-31' },
      [{ path: 'waktuPenerapan', code: 'field.date_before_inisiasi' }],
    ],
    [
      { waktuInisiasi: '2022-01-01', waktuUjiCoba: '2021-01-01', waktuPenerapan: '2020-01-01' },
      [
        { path: 'waktuUjiCoba', code: 'field.date_before_inisiasi' },
        { path: 'waktuPenerapan', code: 'field.date_before_uji_coba' },
      ],
    ],
  ] as const)('%j → %j', (dates, issues) => {
    expect(deviceIssues(dates)).toEqual(issues);
    expect(dateOrderIssues(dates)).toEqual(issues);
  });

  it.each(['waktuInisiasi', 'waktuUjiCoba', 'waktuPenerapan'])(
    '%s in a year after the current one is refused by the form and the readiness check',
    (field) => {
      const issue = { path: field, code: 'field.date_future' };
      expect(deviceIssues({ [field]: '2027-01-01' })).toEqual([issue]);
      expect(deviceIssues({ [field]: '2026-12-31' })).toEqual([]);
      expect(readiness({ ...BASE, [field]: '2027-01-01' }).iid.missing).toContainEqual({
        field,
        code: 'field.date_future',
      });
      // The server's per-field check does not depend on its clock: a change typed when the
      // device's year had already turned must still sync (see afterCurrentYear).
      expect(serverIssues({ [field]: '2027-01-01' })).toEqual([]);
    },
  );

  it('dates out of order keep an entry from being ready for the IID', () => {
    const missing = readiness({ ...BASE, waktuInisiasi: '2021-06-01', waktuUjiCoba: '2021-01-01' }).iid
      .missing;
    expect(missing).toContainEqual({ field: 'waktuUjiCoba', code: 'field.date_before_inisiasi' });
    const ordered = readiness({ ...BASE, waktuInisiasi: '2021-01-01', waktuUjiCoba: '2021-06-01' }).iid
      .missing;
    expect(ordered.filter((m) => m.code.startsWith('field.date_'))).toEqual([]);
  });

  it('the current year is the year in Jakarta', () => {
    expect(jakartaYear(Date.parse('2026-12-31T16:59:59Z'))).toBe(2026);
    expect(jakartaYear(Date.parse('2026-12-31T17:00:00Z'))).toBe(2027);
  });
});

describe('"too long" names the limit', () => {
  it.each([
    ['nama', 150],
    ['cpNama', 100],
    ['anggaran', 300],
    ['tujuan', 10_000],
    ['rancangBangun', 30_000],
  ])('%s holds at most %i characters, and the message says so', (field, max) => {
    expect(entryFieldMaxChars(field)).toBe(max);
    expect(serverIssues({ [field]: 'x'.repeat(max) })).toEqual([]);
    expect(serverIssues({ [field]: 'x'.repeat(max + 1) })).toEqual([{ path: field, code: 'field.too_long' }]);
    expect(messageFor('field.too_long_max', 'id', { max })).toBe(
      `Terlalu panjang: maksimal ${max} karakter. Persingkat teks ini.`,
    );
    expect(messageFor('field.too_long_max', 'en', { max })).toBe(
      `Too long: ${max} characters at most. Please shorten it.`,
    );
  });

  it('fields that are not text have no character limit', () => {
    expect(entryFieldMaxChars('tahapan')).toBeNull();
    expect(entryFieldMaxChars('sdgs')).toBeNull();
    expect(entryFieldMaxChars('tidakAda')).toBeNull();
  });
});
