/**
 * Indonesian first, English selectable. `t(key)` looks a key up in the current language, in the
 * areas loaded so far (loaded.ts): the shell's and those lazy chunks handed to `useStrings`.
 * Keys are typed (keys.ts); a key missing at run time shows the key itself. Placeholders `{name}` follow the one rule of core/messages.ts (`fill`). Dates are
 * written as Indonesians write them: dd/mm/yyyy in Asia/Jakarta.
 */
import { fill, messageFor, type Lang, type Vars } from '../../core/messages.ts';
import type { Key } from './keys.ts';
import { lookup } from './loaded.ts';

export type { Key } from './keys.ts';
export { useStrings } from './loaded.ts';

const LANG_KEY = 'lumbung.lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

class I18n {
  #lang = $state<Lang>(initialLang());

  get lang(): Lang {
    return this.#lang;
  }

  setLang(lang: Lang): void {
    this.#lang = lang;
    try {
      globalThis.localStorage?.setItem(LANG_KEY, lang);
    } catch {
      // Private mode without storage: the choice lasts for this visit only.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  }

  /** Translate `key`, replacing `{name}` placeholders from `vars`. */
  t = (key: Key, vars?: Vars): string => this.translated(key, vars) ?? key;

  /** The text of a key made at run time (an error code, a field name), or undefined when no
   * loaded area has it: the caller chooses its own fallback. */
  translated = (key: string, vars?: Vars): string | undefined => {
    const s = lookup(this.#lang, key);
    return s === undefined ? undefined : fill(s, vars);
  };

  /** Translate an error code from core/messages.ts, `{name}` placeholders from `vars`. */
  error = (code: string, vars?: Vars): string => messageFor(code, this.#lang, vars);
}

export const i18n = new I18n();
export const t = i18n.t;

/** Translate a key built at run time (`label.${field}`, an error code): the text, or the key
 * itself when no loaded area has it, as `t` does. Its template prefixes are checked by the key
 * test instead of the compiler. */
export function tBuilt(key: string, vars?: Vars): string {
  return i18n.translated(key, vars) ?? key;
}

// Made on first use, not when the module loads: building a formatter with a time zone loads
// ICU's locale and zone data, about 15 ms on a mid-range phone, inside the first screen's
// startup task, which shows no date on a device with no entries.
let dateFmt: Intl.DateTimeFormat | null = null;
let timeFmt: Intl.DateTimeFormat | null = null;

/** dd/mm/yyyy in Asia/Jakarta, whatever the device's own time zone. */
export function formatDate(ms: number): string {
  dateFmt ??= new Intl.DateTimeFormat('id-ID', {
    timeZone: 'Asia/Jakarta',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const parts = dateFmt.formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}

/** dd/mm/yyyy HH.mm (WIB). */
export function formatDateTime(ms: number): string {
  timeFmt ??= new Intl.DateTimeFormat('id-ID', {
    timeZone: 'Asia/Jakarta',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${formatDate(ms)} ${timeFmt.format(ms)}`;
}
