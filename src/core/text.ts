/** Zod building blocks for text that people type. Messages are codes from messages.ts. */
import { z } from './zod.ts';

/** C0 controls other than tab/newline/CR, DEL, and the bidi overrides/isolates that can make
 * text display differently from what it stores (RTL scripts themselves are fine). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/u;

export function text(max: number) {
  return z
    .string({ error: 'field.invalid' })
    .max(max, { error: 'field.too_long' })
    .refine((s) => !FORBIDDEN.test(s), { error: 'field.control_chars' });
}

export function requiredText(max: number) {
  return text(max).refine((s) => s.trim().length > 0, { error: 'field.required' });
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: 'field.invalid_choice' });
}

/** Calendar date as ISO yyyy-mm-dd (shown as dd/mm/yyyy); validated as a real date. */
export const isoDate = z
  .string({ error: 'field.invalid_date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'field.invalid_date' })
  .refine(
    (s) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      const dt = new Date(Date.UTC(y, m - 1, d));
      return y >= 1945 && y <= 2100 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
    },
    { error: 'field.invalid_date' },
  );

/** The year today in Asia/Jakarta (UTC+7, no daylight saving time). */
export function jakartaYear(now = Date.now()): number {
  return new Date(now + 7 * 3_600_000).getUTCFullYear();
}

/** Is this yyyy-mm-dd in a year after the current one (Jakarta)? A date later this year is
 * fine (a planned penerapan). A rule of the device and the readiness check, not of the server's
 * per-field check: it depends on the clock, and a change the server refused for a device clock a
 * few hours into the new year would never sync. */
export function afterCurrentYear(iso: string, now = Date.now()): boolean {
  return /^\d{4}-/.test(iso) && Number(iso.slice(0, 4)) > jakartaYear(now);
}

/** Separators people put inside a phone number: spaces, dashes, dots, brackets. */
const PHONE_SEPARATORS = /[\s.()-]/g;

/**
 * An Indonesian mobile number as people write it — `+62 857 1234 5678`, `62 812-3456-7890`,
 * `0812.3456.7890`, `(0812) 3456 7890` — as stored: `62` then the number without its leading 0
 * (`6285712345678`), the form wa.me links need. A mobile number starts with 8 after the country
 * code and has 9 to 12 digits after it. Anything else (a landline, a letter, too few digits) →
 * null.
 */
export function normaliseWhatsapp(written: string): string | null {
  const s = written.trim().replace(PHONE_SEPARATORS, '');
  const m = /^(?:\+62|62|0)(8\d{8,11})$/.exec(s);
  return m ? `62${m[1]}` : null;
}

/** A WhatsApp number as written or as stored; '' is "not given". The device stores it normalised
 * (normaliseWhatsapp); the server accepts any form that normalises, so no saved entry is refused. */
export const whatsapp = z
  .string({ error: 'field.invalid_phone' })
  .max(24, { error: 'field.invalid_phone' })
  .refine((s) => s === '' || normaliseWhatsapp(s) !== null, { error: 'field.invalid_phone' });

/** An http(s) address a browser opens: a host of dot-separated labels ending in a letter TLD,
 * an optional port, then a path, query or fragment without spaces. A regular expression, not
 * URL(): core runs where no DOM or Node types are assumed, and URL() accepts hosts and schemes
 * (user:pass@, a bare "localhost") that are no video page. */
const WEB_URL =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]\S*)?$/i;

function isWebUrl(s: string): boolean {
  return WEB_URL.test(s);
}

/**
 * A web link as people paste or type it, as stored: trimmed, and `https://` put in front of an
 * address typed without it (`youtu.be/abc123`, `www.youtube.com/watch?v=…`). Anything that is
 * still not an http(s) address with a host → null.
 */
export function normaliseUrl(written: string): string | null {
  const s = written.trim();
  const full = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`;
  return isWebUrl(full) ? full : null;
}

/** A web link (the KIPP video); '' is "not given". The device stores it normalised
 * (normaliseUrl); the server takes only the full http(s) form. */
export const webUrl = z
  .string({ error: 'field.invalid_url' })
  .max(500, { error: 'field.too_long' })
  .refine((s) => s === '' || isWebUrl(s), { error: 'field.invalid_url' });

/** dd/mm/yyyy ⇄ yyyy-mm-dd, the way Indonesian documents write dates. */
export function isoToDmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function dmyToIso(dmy: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(dmy.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isoDate.safeParse(iso).success ? iso : null;
}

/** Map a zod issue to one of our message codes (messages.ts): our own codes pass through, a
 * missing value is `field.required`, anything else is `field.invalid`. */
export function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('field.')) return issue.message;
  if (issue.code === 'invalid_type' && (issue.input === undefined || issue.input === null))
    return 'field.required';
  if (issue.code === 'unrecognized_keys') return 'field.unknown';
  if (issue.code === 'too_big') return 'field.too_long';
  return 'field.invalid';
}

/** Field-level issues of a failed parse, one per path, as { path, code }. */
export function fieldIssues(error: z.ZodError): { path: string; code: string }[] {
  const seen = new Set<string>();
  const out: { path: string; code: string }[] = [];
  for (const issue of error.issues) {
    const path = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, code: issueCode(issue) });
  }
  return out;
}
