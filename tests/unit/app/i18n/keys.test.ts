/**
 * Words (issue 20, item 6). Two guards:
 *   1. every translation key the code names exists, in Indonesian and English: the source of
 *      src/app is scanned for t('…'), ta('…'), `key: '…'` (tab lists handed to t/ta) and for
 *      template keys tBuilt(`label.${name}`), whose fixed prefix must begin real keys (and, where the
 *      values are a known list, each value is checked);
 *   2. an admin page never shows a raw field key or status code: every entry field has a label,
 *      the entry page lists every field a person fills, and the timeline's details read as words.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fieldLabel, statusLabel } from '$src/app/i18n/admin.ts';
import { ALL_AREAS } from '$src/app/i18n/all-areas.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import { ENTRY_VIEW_FIELDS, shownValue, timelineDetail } from '$src/app/state/admin/entry-view.ts';
import { ENTRY_SYSTEM_FIELDS, REVIEW_STATUS, entryFieldSchemas } from '$src/core/index.ts';

const SRC = join(import.meta.dirname, '..', '..', '..', '..', 'src', 'app');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return files(p);
    return /\.(ts|svelte)$/.test(d.name) ? [p] : [];
  });
}

const tables = Object.values(ALL_AREAS);
const KEYS = {
  id: new Set(tables.flatMap((d) => Object.keys(d.id))),
  en: new Set(tables.flatMap((d) => Object.keys(d.en))),
};

/** Keys named literally, with where they were found. */
function literalKeys(): { key: string; where: string }[] {
  const out: { key: string; where: string }[] = [];
  for (const file of files(SRC)) {
    if (file.includes(`${join('src', 'app', 'i18n')}`)) continue;
    const text = readFileSync(file, 'utf8');
    const where = file.slice(SRC.length + 1);
    for (const m of text.matchAll(/\b(?:t|ta|tBuilt|i18n\.t|i18n\.translated)\(\s*'([^'$]+)'/g))
      out.push({ key: m[1]!, where });
    for (const m of text.matchAll(/\bkey: '([a-z]+\.[A-Za-z0-9_.-]+)'/g)) out.push({ key: m[1]!, where });
  }
  return out;
}

/** Template keys such as `label.${name}`: their fixed prefix. */
function templatePrefixes(): { prefix: string; where: string }[] {
  const out: { prefix: string; where: string }[] = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:t|ta|tBuilt|i18n\.t|i18n\.translated)\(\s*`([^`$]*)\$\{/g))
      out.push({ prefix: m[1]!, where: file.slice(SRC.length + 1) });
  }
  return out;
}

describe('translation keys the code uses', () => {
  const used = literalKeys();

  it('finds the keys it checks (the scan itself works)', () => {
    expect(used.length).toBeGreaterThan(300);
    expect(used.map((u) => u.key)).toContain('admin.exports.title');
  });

  it('every key named in the code exists in Indonesian and in English', () => {
    const missing = used
      .filter((u) => !KEYS.id.has(u.key) || !KEYS.en.has(u.key))
      .map((u) => `${u.key} (${u.where})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every template key starts real keys', () => {
    const dead = templatePrefixes()
      .filter((p) => ![...KEYS.id].some((k) => k.startsWith(p.prefix)))
      .map((p) => `${p.prefix}… (${p.where})`);
    expect(dead).toEqual([]);
  });

  it('the keys built from lists exist for every value of the list', () => {
    const built = [
      ...[...REVIEW_STATUS].map((s) => `admin.status.${s}`),
      ...[...REVIEW_STATUS].map((s) => `fac.status.${s}`),
      ...['iid', 'kipp', 'recap', 'ranking'].map((s) => `admin.exports.${s}`),
      ...['csv-semicolon', 'csv-comma', 'xlsx', 'json'].map((v) => `admin.exports.variant.${v}`),
      ...['created', 'stage', 'stage_detail', 'review', 'comment'].map((e) => `admin.timeline.${e}`),
      ...Object.keys(entryFieldSchemas)
        .filter((f) => !(ENTRY_SYSTEM_FIELDS as readonly string[]).includes(f))
        .map((f) => `label.${f}`),
    ];
    expect(built.filter((k) => !KEYS.id.has(k) || !KEYS.en.has(k))).toEqual([]);
  });
});

describe('the admin pages never show a raw field key', () => {
  const keys = Object.keys(entryFieldSchemas);

  it.each(['id', 'en'] as const)('every entry field has a label (%s)', (lang) => {
    i18n.setLang(lang);
    for (const k of keys) {
      const label = fieldLabel(k);
      expect(label, k).not.toBe(k);
      expect(label, k).not.toMatch(/^[a-z]+[A-Z]\w*$/); // camelCase is a key, not a word
    }
    expect(fieldLabel('belumAdaLabelnya')).toBe(lang === 'id' ? 'Isian lain' : 'Other field');
    for (const s of REVIEW_STATUS) expect(statusLabel(s)).not.toContain('_');
    i18n.setLang('id');
  });

  it('the entry page lists every field a person fills, and who and when', () => {
    const formFields = keys.filter((k) => !(ENTRY_SYSTEM_FIELDS as readonly string[]).includes(k));
    expect(
      formFields.filter((k) => k !== 'nama' && !(ENTRY_VIEW_FIELDS as readonly string[]).includes(k)),
    ).toEqual([]);
    expect(ENTRY_VIEW_FIELDS).toEqual(expect.arrayContaining(['authorName', 'enteredBy', 'createdAt']));
  });

  it('shows values as people read them', () => {
    const date = () => '27/11/2026';
    expect(shownValue('waktuUjiCoba', '2026-08-17', { date })).toBe('17/08/2026');
    expect(shownValue('sdgs', [11, 3], { date })).toBe(
      '3. Kehidupan Sehat dan Sejahtera; 11. Kota dan Permukiman yang Berkelanjutan',
    );
    expect(shownValue('urusanBeririsan', ['Sosial', 'Kesehatan'], { date })).toBe('Sosial; Kesehatan');
    expect(shownValue('createdAt', 1, { date })).toBe('27/11/2026');
    expect(shownValue('anggaran', '', { date })).toBe('—');
  });

  it('the timeline reads "Waktu uji coba · 17/08/2026" and "Perlu dilengkapi", never the keys', () => {
    i18n.setLang('id');
    const labels = { field: fieldLabel, status: statusLabel, date: () => '' };
    const stage = timelineDetail(
      { type: 'stage_detail', field: 'waktuUjiCoba', value: '2026-08-17' },
      labels,
    );
    expect(stage).toBe('Waktu uji coba · 17/08/2026');
    const review = timelineDetail(
      { type: 'review', status: 'perlu_dilengkapi', text: 'Lengkapi anggaran' },
      labels,
    );
    expect(review).toBe('Perlu dilengkapi · Lengkapi anggaran');
    expect(timelineDetail({ type: 'stage', from: 'Inisiatif', to: 'Uji Coba' }, labels)).toBe(
      'Inisiatif → Uji Coba',
    );
    for (const text of [stage, review]) {
      expect(text).not.toMatch(/waktuUjiCoba|perlu_dilengkapi/);
    }
  });
});
