// The admin strings load with the admin chunk (not through dictionaries.ts): the same checks as
// i18n.test.ts, for them.
import { ADMIN_DICT } from '$src/app/i18n/admin.ts';
import { ALL_AREAS } from '$src/app/i18n/all-areas.ts';
import { DICTIONARIES } from '$src/app/i18n/dictionaries.ts';

describe('admin dictionary', () => {
  it('has every key in Indonesian and English, none empty, none shared with another area', () => {
    expect(Object.keys(ADMIN_DICT.en).sort()).toEqual(Object.keys(ADMIN_DICT.id).sort());
    for (const lang of [ADMIN_DICT.id, ADMIN_DICT.en] as Record<string, string>[])
      for (const [k, v] of Object.entries(lang)) expect(v.trim(), k).not.toBe('');
    const shared = Object.values(DICTIONARIES).flatMap((d) => Object.keys(d.id));
    for (const k of Object.keys(ADMIN_DICT.id)) expect(shared, k).not.toContain(k);
    const others = Object.entries(ALL_AREAS)
      .filter(([name]) => name !== 'admin')
      .flatMap(([, d]) => Object.keys(d.id));
    for (const k of Object.keys(ADMIN_DICT.id)) expect(others, k).not.toContain(k);
  });
});
