/**
 * Indicators as stored (issue 20 item 2): level and note are entry fields, evidence files are
 * attachment records naming what they are for, and "siap diunggah ke IID" plus the score
 * estimate are read from both (iidUploadStatus). The readiness rule as a table: each row is one
 * innovation as stored, and what the office must see for it.
 */
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_TARGETS,
  IID_UPLOADS,
  MAX_EVIDENCE_BYTES,
  iidUploadStatus,
  levelField,
  messageFor,
  noteField,
  validateFields,
  type FieldValue,
} from '$src/core/index.ts';
import { GOLDEN_FIELDS, panjang } from '../server/golden/fixtures.ts';

const PROFILE = { ...GOLDEN_FIELDS, rancangBangun: panjang(320) } as Record<string, FieldValue>;
const WAJIB = ['regulasi', 'sdm', 'kecepatan', 'kemanfaatan', 'kualitas'] as const;
const UPLOADS = IID_UPLOADS.map((u) => `upload:${u}`);

/** Levels as entry fields: `{ regulasi: 3 }` → `{ ind_regulasi_level: 3 }`. */
const levels = (l: Record<string, 1 | 2 | 3 | null>) =>
  Object.fromEntries(Object.entries(l).map(([k, v]) => [levelField(k), v]));
const allWajib = (n: 1 | 2 | 3) => levels(Object.fromEntries(WAJIB.map((k) => [k, n])));
const files = (...targets: string[]) => targets.map((evidenceFor) => ({ evidenceFor }));
const WAJIB_FILES = WAJIB.filter((k) => k !== 'kualitas');

// [what, entry fields, evidence, ready, indicators missing, uploads missing, score]
type Row = [
  string,
  Record<string, FieldValue>,
  { evidenceFor: string; deleted?: boolean }[],
  boolean,
  string[],
  number,
  number,
];
const TABLE: Row[] = [
  ['nothing claimed', PROFILE, [], false, [...WAJIB], 4, 0],
  [
    'all five wajib with evidence (the video as its link), every upload: ready',
    { ...PROFILE, ...allWajib(1) },
    files(...WAJIB_FILES, ...UPLOADS),
    true,
    [],
    0,
    3 + 2 + 2 + 3 + 4,
  ],
  [
    'kualitas: a video file counts as its evidence too',
    { ...PROFILE, kippVideo: '', ...allWajib(1) },
    files(...WAJIB, ...UPLOADS),
    true,
    [],
    0,
    14,
  ],
  [
    'kualitas without a link and without a file: not ready, its points are 0',
    { ...PROFILE, kippVideo: '', ...allWajib(2) },
    files(...WAJIB_FILES, ...UPLOADS),
    false,
    ['kualitas'],
    0,
    (3 + 2 + 2 + 3) * 2,
  ],
  [
    'a level without evidence (regulasi) counts 0 and blocks',
    { ...PROFILE, ...allWajib(3) },
    files('sdm', 'kecepatan', 'kemanfaatan', ...UPLOADS),
    false,
    ['regulasi'],
    0,
    (2 + 2 + 3 + 4) * 3,
  ],
  [
    'evidence without a level (sdm cleared) blocks',
    { ...PROFILE, ...allWajib(1), ...levels({ sdm: null }) },
    files(...WAJIB_FILES, ...UPLOADS),
    false,
    ['sdm'],
    0,
    3 + 2 + 3 + 4,
  ],
  [
    'a deleted evidence file is no evidence',
    { ...PROFILE, ...allWajib(1) },
    [
      ...files(...WAJIB_FILES.filter((k) => k !== 'kemanfaatan'), ...UPLOADS),
      { evidenceFor: 'kemanfaatan', deleted: true },
    ],
    false,
    ['kemanfaatan'],
    0,
    3 + 2 + 2 + 4,
  ],
  [
    'an optional indicator adds to the score, not to readiness; one upload missing blocks',
    { ...PROFILE, ...allWajib(1), ...levels({ replikasi: 3 }) },
    files(...WAJIB_FILES, 'replikasi', ...UPLOADS.filter((u) => u !== 'upload:haki')),
    false,
    [],
    1,
    14 + 9,
  ],
  [
    'profile incomplete (no narahubung): not ready however good the indicators',
    { ...PROFILE, cpNama: '', ...allWajib(3) },
    files(...WAJIB_FILES, ...UPLOADS),
    false,
    [],
    0,
    42,
  ],
];

describe('siap diunggah ke IID, from the stored entry and its evidence', () => {
  it.each(TABLE)('%s', (_what, fields, evidence, ready, indicatorsMissing, uploadsMissing, score) => {
    const s = iidUploadStatus(fields, evidence);
    expect(s.ready).toBe(ready);
    expect(s.indicatorsMissing).toEqual(indicatorsMissing);
    expect(s.uploadsMissing).toHaveLength(uploadsMissing);
    expect(s.estimate.score).toBe(score);
    expect(s.profileMissing === 0).toBe(fields.cpNama !== '');
  });

  it('shows its formula: bobot × level of each indicator with evidence', () => {
    const s = iidUploadStatus({ ...PROFILE, ...levels({ regulasi: 3, sdm: 2 }) }, files('regulasi', 'sdm'));
    expect(s.estimate.formula).toBe('3×3 + 2×2 = 13 dari 111');
  });
});

describe('the stored fields are validated like any other (device and server share them)', () => {
  it('a level is 1, 2, 3 or null; a note is text up to 2000 characters', () => {
    expect(
      validateFields('entries', { [levelField('regulasi')]: 2, [noteField('regulasi')]: 'SK no. 5' }),
    ).toEqual([]);
    expect(validateFields('entries', { [levelField('regulasi')]: null })).toEqual([]);
    expect(validateFields('entries', { [levelField('regulasi')]: 4 })).toEqual([
      { path: 'ind_regulasi_level', code: 'field.invalid_choice' },
    ]);
    expect(validateFields('entries', { [noteField('sdm')]: 'x'.repeat(2001) })).toEqual([
      { path: 'ind_sdm_note', code: 'field.too_long' },
    ]);
    expect(validateFields('entries', { ind_bukan_level: 1 })).toEqual([
      { path: 'ind_bukan_level', code: 'field.unknown' },
    ]);
  });

  it('an evidence attachment names an indicator or an upload, and may be a PDF without width or height', () => {
    expect(EVIDENCE_TARGETS).toContain('regulasi');
    expect(EVIDENCE_TARGETS).toContain('upload:haki');
    const pdf = {
      entryId: 'e1',
      evidenceFor: 'upload:haki',
      sha256: 'a'.repeat(64),
      mime: 'application/pdf',
      size: 1000,
    };
    expect(validateFields('attachments', pdf)).toEqual([]);
    expect(validateFields('attachments', { ...pdf, evidenceFor: 'upload:ktp' })).toEqual([
      { path: 'evidenceFor', code: 'field.invalid_choice' },
    ]);
    expect(validateFields('attachments', { ...pdf, mime: 'application/zip' })).toEqual([
      { path: 'mime', code: 'field.invalid_choice' },
    ]);
  });

  it('the "too large" message names the limit the device checks', () => {
    expect(MAX_EVIDENCE_BYTES).toBe(5 * 1024 * 1024);
    expect(messageFor('evidence.too_large', 'id')).toContain('maksimal 5 MB');
    expect(messageFor('evidence.too_large', 'en')).toContain('5 MB at most');
    expect(messageFor('evidence.wrong_type', 'id')).toContain('PDF, JPG, atau PNG');
  });
});
