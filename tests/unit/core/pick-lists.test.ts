/**
 * The yearly pick-lists' rules, shared by the admin's editor and the server (core/pick-lists.ts):
 * a table of lists in and issues out; which list a form offers for a year; OPD suggestions;
 * and the entry's own schema, which accepts a value of the right shape whatever this year's list
 * says, so a value the admin removed (or a device's older list) still validates.
 */
import { describe, expect, it } from 'vitest';
import {
  EntryValues,
  entryFieldSchemas,
  issueCode,
  KIPP_KATEGORI,
  opdSuggestions,
  pickListFor,
  PickListItemsSchema,
  PickYearSchema,
  TEMATIK,
  type PickLists,
} from '$src/core/index.ts';

const issues = (v: unknown): string[] => {
  const r = PickListItemsSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${issueCode(i)}`);
};

describe('PickListItemsSchema', () => {
  const table: [string, unknown, string[]][] = [
    ['a list', ['Smart City', 'Non Tematik'], []],
    ['values trimmed', ['  Smart City  '], []],
    ['50 values of 150 characters', Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(150, 'x')), []],
    ['empty', [], [':field.required']],
    ['too many', Array.from({ length: 51 }, (_, i) => `T${i}`), [':field.too_many']],
    ['a blank line', ['A', '  '], ['1:field.required']],
    ['too long', ['x'.repeat(151)], ['0:field.too_long']],
    ['duplicate, case ignored', ['Smart City', 'SMART CITY '], ['1:field.duplicate']],
    ['hidden characters', ['a\u202Eb'], ['0:field.control_chars']],
    ['not a string', [1], ['0:field.invalid']],
    ['not a list', 'Smart City', [':field.invalid']],
  ];
  it.each(table)('%s', (_what, value, expected) => {
    expect(issues(value)).toEqual(expected);
  });

  it('trims what it keeps', () => {
    expect(PickListItemsSchema.parse([' A ', 'B'])).toEqual(['A', 'B']);
  });

  it.each([
    ['2026', 2026],
    ['2000', 2000],
    ['2100', 2100],
  ])('year %s is fine', (raw, year) => {
    expect(PickYearSchema.parse(raw)).toBe(year);
  });
  it.each(['1999', '2101', '20x6', '2026.5', ''])('year %j is field.invalid_year', (raw) => {
    const r = PickYearSchema.safeParse(raw);
    expect(r.success ? 'ok' : issueCode(r.error.issues[0]!)).toBe('field.invalid_year');
  });
});

describe('which list a form offers', () => {
  const lists: PickLists = {
    opdList: ['Bapperinda'],
    yearly: [
      { kind: 'tematik', year: 2027, items: ['Smart City'], updatedAt: 1 },
      { kind: 'kippKategori', year: 2026, items: ['Kesehatan'], updatedAt: 1 },
    ],
  };
  it.each([
    ['tematik', 2027, ['Smart City']],
    ['tematik', 2026, [...TEMATIK]],
    ['kippKategori', 2026, ['Kesehatan']],
    ['kippKategori', 2027, [...KIPP_KATEGORI]],
  ] as const)('%s in %i', (kind, year, expected) => {
    expect(pickListFor(lists, kind, year)).toEqual(expected);
  });
  it('a device that never learned any lists: the built-in ones', () => {
    expect(pickListFor(null, 'tematik', 2026)).toBe(TEMATIK);
  });

  it('OPD suggestions: the Pemda list, then the workshop additions, no name twice', () => {
    expect(opdSuggestions(['Bapperinda', 'BPKAD'], ['bpkad', 'UPT Baru'], ['Bawaan'])).toEqual([
      'Bapperinda',
      'BPKAD',
      'UPT Baru',
    ]);
    expect(opdSuggestions(null, ['UPT Baru'], ['Bawaan'])).toEqual(['Bawaan', 'UPT Baru']);
    expect(opdSuggestions([], [], ['Bawaan'])).toEqual(['Bawaan']);
  });
});

describe('an entry keeps a value that is no longer on the list', () => {
  const saved = {
    nama: 'SIDOTI',
    opd: 'DLH',
    tahapan: 'Inisiatif',
    jenis: 'Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    urusanUtama: 'Lingkungan Hidup',
  };
  it.each([
    ['a built-in value', { tematik: TEMATIK[1], kippKategori: KIPP_KATEGORI[0] }],
    ['a value of an edited year', { tematik: 'Smart City' }],
    [
      'a value the admin later removed',
      { tematik: 'Penanggulangan Kemiskinan', kippKategori: 'Penegakan Hukum' },
    ],
    ['not chosen', { tematik: null, kippKategori: null }],
  ])('%s validates', (_what, extra) => {
    expect(EntryValues.safeParse({ ...saved, ...extra }).success).toBe(true);
  });
  it.each([
    ['blank', '  ', 'field.required'],
    ['too long', 'x'.repeat(151), 'field.too_long'],
    ['hidden characters', 'a\u0000b', 'field.control_chars'],
    ['not text', 3, 'field.invalid'],
  ])('%s is refused with a translated code', (_what, value, code) => {
    const r = entryFieldSchemas.tematik.safeParse(value);
    expect(r.success ? 'ok' : issueCode(r.error.issues[0]!)).toBe(code);
  });
});
