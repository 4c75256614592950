/**
 * The KIPP proposal's new fields (issue 20 item 3) as table tests on the shared schema: the
 * video link (an http(s) address; typed without https:// it is stored with it), the origin of a
 * replicated innovation, and Adaptabilitas in two parts. Each row runs through the device (the
 * form's fieldValue/fieldError, EntryValues) and the server (validateFields).
 */
import { describe, expect, it } from 'vitest';
import {
  EntryDraftValues,
  EntryValues,
  entryFieldSchemas,
  fieldIssues,
  messageFor,
  normaliseUrl,
  validateFields,
} from '$src/core/index.ts';
import { fieldError, fieldValue, rawFromFields, toEntryValues } from '$src/app/state/entryFields.ts';

const BASE = {
  nama: 'SAPA MAS WALI',
  opd: 'Satpol PP',
  tahapan: 'Penerapan',
  jenis: 'Digital',
  bentuk: 'Inovasi Pelayanan Publik',
  urusanUtama: 'Sosial',
} as const;

function deviceIssues(extra: Record<string, unknown>): { path: string; code: string }[] {
  const r = EntryValues.safeParse({ ...BASE, ...extra });
  return r.success ? [] : fieldIssues(r.error);
}

describe('the KIPP video link', () => {
  it.each([
    ['https://youtu.be/abc123', 'https://youtu.be/abc123'],
    ['https://www.youtube.com/watch?v=abc123&t=10s', 'https://www.youtube.com/watch?v=abc123&t=10s'],
    ['http://blitarkota.go.id/video/sapa.mp4', 'http://blitarkota.go.id/video/sapa.mp4'],
    ['youtu.be/abc123', 'https://youtu.be/abc123'],
    ['  www.youtube.com/watch?v=abc123 ', 'https://www.youtube.com/watch?v=abc123'],
    ['drive.google.com/file/d/1x/view', 'https://drive.google.com/file/d/1x/view'],
  ])('%j is accepted and stored as %s', (typed, stored) => {
    expect(normaliseUrl(typed)).toBe(stored);
    expect(fieldValue('kippVideo', typed)).toBe(stored);
    expect(fieldError('kippVideo', typed, true)).toBeNull();
    expect(deviceIssues({ kippVideo: stored })).toEqual([]);
    expect(validateFields('entries', { kippVideo: stored })).toEqual([]);
  });

  it.each([
    ['video sosialisasi', 'words, not an address'],
    ['youtube', 'no domain'],
    ['https://youtu .be/abc', 'a space inside'],
    ['ftp://files.example.id/v.mp4', 'not a web address'],
    ['javascript:alert(1)', 'a script, not a link'],
    ['https://localhost/v', 'a host without a dot'],
  ])('%j is refused with a message saying what to do (%s)', (typed) => {
    expect(normaliseUrl(typed)).toBeNull();
    expect(fieldError('kippVideo', typed, true)).toBe('field.invalid_url');
    expect(validateFields('entries', { kippVideo: typed.trim() })).toEqual([
      { path: 'kippVideo', code: 'field.invalid_url' },
    ]);
    expect(messageFor('field.invalid_url', 'id')).toMatch(/https:\/\//);
    expect(messageFor('field.invalid_url', 'en')).toMatch(/https:\/\//);
  });

  it('the server takes only the full form (the device adds https:// before saving)', () => {
    expect(validateFields('entries', { kippVideo: 'youtu.be/abc123' })).toEqual([
      { path: 'kippVideo', code: 'field.invalid_url' },
    ]);
  });

  it('is optional: empty is "not given", and an entry without it is valid', () => {
    expect(fieldError('kippVideo', '', true)).toBeNull();
    expect(deviceIssues({})).toEqual([]);
    expect(deviceIssues({ kippVideo: '' })).toEqual([]);
    expect(toEntryValues({ ...rawFromFields({}), kippVideo: '' })).not.toHaveProperty('kippVideo');
  });

  it('a very long link is refused as too long', () => {
    const long = `https://youtu.be/${'a'.repeat(500)}`;
    expect(validateFields('entries', { kippVideo: long })).toEqual([
      { path: 'kippVideo', code: 'field.too_long' },
    ]);
  });
});

describe('the origin of a replicated innovation and the two parts of Adaptabilitas', () => {
  it.each([
    ['kippAsalReplikasi', 'Lapor Jalan Rusak, Kota Malang (2022)', 300],
    ['kippSudahDireplikasi', 'Sudah, oleh Kabupaten Blitar pada 2023.', 10_000],
    ['kippAdaptabilitas', 'Dapat diterapkan di kelurahan lain.', 10_000],
  ])('%s holds text up to its limit', (field, value, max) => {
    expect(deviceIssues({ [field]: value })).toEqual([]);
    expect(validateFields('entries', { [field]: value })).toEqual([]);
    expect(validateFields('entries', { [field]: 'x'.repeat(max + 1) })).toEqual([
      { path: field, code: 'field.too_long' },
    ]);
  });

  it('the form round-trips every new field (stored → form → stored)', () => {
    const fields = {
      kippAsalReplikasi: 'SIDOTI, Kabupaten Blitar (2021)',
      kippVideo: 'https://youtu.be/abc123',
      kippSudahDireplikasi: 'Belum.',
      kippAdaptabilitas: 'Potensi di 21 kelurahan.',
    };
    expect(toEntryValues(rawFromFields(fields))).toEqual({ tahapan: 'Inisiatif', ...fields });
  });

  it('an entry saved before the split (one adaptabilitas text) is still valid as it was', () => {
    const old = { ...BASE, kippAdaptabilitas: 'Teks adaptabilitas lama, satu bagian.' };
    expect(EntryValues.safeParse(old).success).toBe(true);
    expect(EntryDraftValues.safeParse({ kippAdaptabilitas: old.kippAdaptabilitas }).success).toBe(true);
    expect(Object.keys(entryFieldSchemas)).toContain('kippSudahDireplikasi');
  });
});
