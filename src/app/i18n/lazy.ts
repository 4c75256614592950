/**
 * Strings of lazily loaded screens (joining, facilitator, kiosk) join the shared tables when
 * their chunk loads, before any of its components render, so `t()` finds them and the
 * participant's first screen does not carry them. Each such dictionary calls addStrings once;
 * tests/unit/app/facilitator.test.ts checks that id and en have the same keys.
 */
import { ALL_TABLES } from './i18n.svelte.ts';

export function addStrings(d: { id: Record<string, string>; en: Record<string, string> }): void {
  Object.assign(ALL_TABLES.id, d.id);
  Object.assign(ALL_TABLES.en, d.en);
}
