import { DICTIONARIES } from '../../../src/app/i18n/dictionaries.ts';
import { MESSAGES } from '../../../src/core/messages.ts';

describe('i18n dictionaries', () => {
  for (const [area, dict] of Object.entries(DICTIONARIES)) {
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
    for (const [area, dict] of Object.entries(DICTIONARIES)) {
      for (const k of Object.keys(dict.id)) {
        expect(seen.get(k), `${k} in ${area}`).toBeUndefined();
        seen.set(k, area);
      }
    }
  });

  it('every error code has both languages', () => {
    for (const [code, m] of Object.entries(MESSAGES)) {
      expect(m.id.trim(), code).not.toBe('');
      expect(m.en.trim(), code).not.toBe('');
    }
  });
});
