/**
 * The areas of words loaded so far: the shell's (dictionaries.ts) from the start, a lazy
 * chunk's own area once the chunk loads. Areas are only added to the list, never written into.
 * Plain TypeScript (no runes), so the area files can be read outside Svelte (the e2e helpers).
 */
import type { Lang } from '../../core/messages.ts';
import { DICTIONARIES } from './dictionaries.ts';
import type { Strings } from './strings.ts';

const loaded: Strings[] = Object.values(DICTIONARIES);

/** A lazy chunk's words join the lookup when the chunk loads, before its components render. */
export function useStrings(area: Strings): void {
  if (!loaded.includes(area)) loaded.push(area);
}

/** The text of `key` in `lang` in the first loaded area that has it. */
export function lookup(lang: Lang, key: string): string | undefined {
  for (const area of loaded) {
    const table: Readonly<Record<string, string>> = area[lang];
    if (Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}
