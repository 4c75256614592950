/**
 * Indonesian first, English selectable. `t(key)` looks a key up in the current language; a
 * missing key shows the key itself (and the completeness test fails). Dates are written as
 * Indonesians write them: dd/mm/yyyy in Asia/Jakarta.
 */
import { messageFor, type Lang } from '../../core/messages.ts';
import { DICTIONARIES } from './dictionaries.ts';

type Dict = Record<string, string>;

function join(lang: Lang): Dict {
  const out: Dict = {};
  for (const d of Object.values(DICTIONARIES)) Object.assign(out, d[lang]);
  return out;
}

const TABLES: Record<Lang, Dict> = { id: join('id'), en: join('en') };
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
  t = (key: string, vars?: Record<string, string | number>): string => {
    let s = TABLES[this.#lang][key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  };

  /** Translate an error code from core/messages.ts, `{name}` placeholders from `vars`. */
  error = (code: string, vars?: Record<string, string | number>): string =>
    messageFor(code, this.#lang, vars);
}

export const i18n = new I18n();
export const t = i18n.t;

const DATE_FMT = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const TIME_FMT = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  hour: '2-digit',
  minute: '2-digit',
});

/** dd/mm/yyyy in Asia/Jakarta, whatever the device's own time zone. */
export function formatDate(ms: number): string {
  const parts = DATE_FMT.formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}

/** dd/mm/yyyy HH.mm (WIB). */
export function formatDateTime(ms: number): string {
  return `${formatDate(ms)} ${TIME_FMT.format(ms)}`;
}

export const ALL_TABLES = TABLES;
