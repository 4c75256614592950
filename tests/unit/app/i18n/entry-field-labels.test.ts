/**
 * Every field a person fills (entry-fields.ts, every kind but system) has a label in the form's
 * strings, in Indonesian and in English: a row added to the table without its label fails here,
 * not as a raw key on a phone.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_FIELDS, entryFieldsWhere } from '$src/core/entry-fields.ts';
import form from '$src/app/i18n/form.ts';

describe('entry field labels', () => {
  const filled = entryFieldsWhere((s) => s.kind !== 'system');

  it('covers the form: the table has fields a person fills', () => {
    expect(filled.length).toBeGreaterThan(30);
    expect(filled).not.toContain('authorId');
    expect(Object.keys(ENTRY_FIELDS)).toContain('authorId');
  });

  it.each(['id', 'en'] as const)('every field a person fills has a label (%s)', (lang) => {
    const strings: Record<string, string> = form[lang];
    const missing = filled.filter((f) => !(strings[`label.${f}`] ?? '').trim());
    expect(missing).toEqual([]);
  });
});
