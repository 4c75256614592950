import { ALL_AREAS } from '$src/app/i18n/all-areas.ts';
import { t } from '$src/app/i18n/i18n.svelte.ts';
import { strings } from '$src/app/i18n/strings.ts';
import { MESSAGES } from '$src/core/messages.ts';

describe('i18n dictionaries', () => {
  for (const [area, dict] of Object.entries(ALL_AREAS)) {
    it(`${area}: every key exists in Indonesian and English, none empty`, () => {
      const id = Object.keys(dict.id).sort();
      const en = Object.keys(dict.en).sort();
      expect(en).toEqual(id);
      for (const lang of [dict.id, dict.en] as Record<string, string>[]) {
        for (const [k, v] of Object.entries(lang)) expect(v.trim(), k).not.toBe('');
      }
    });
  }

  it('no key is defined by two areas', () => {
    const seen = new Map<string, string>();
    for (const [area, dict] of Object.entries(ALL_AREAS)) {
      for (const k of Object.keys(dict.id)) {
        expect(seen.get(k), `${k} in ${area}`).toBeUndefined();
        seen.set(k, area);
      }
    }
  });

  it('a key no area defines, or one language only, does not compile (tsc -b checks this file)', () => {
    // @ts-expect-error: no area defines this key
    expect(t('list.noSuchKey')).toBe('list.noSuchKey');
    // @ts-expect-error: the English table lacks a key of the Indonesian one
    const oneSided = strings({ id: { 'x.a': 'A', 'x.b': 'B' }, en: { 'x.a': 'A' } });
    expect(Object.keys(oneSided.en)).toEqual(['x.a']);
  });

  it('every error code has both languages', () => {
    for (const [code, m] of Object.entries(MESSAGES)) {
      expect(m.id.trim(), code).not.toBe('');
      expect(m.en.trim(), code).not.toBe('');
    }
  });
});
