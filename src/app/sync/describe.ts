/** Words for sync state: when the last sync was, and what an error code means for the person. */
import type { OutboxError } from '../db/types.ts';
import { i18n, formatDateTime, t } from '../i18n/i18n.svelte.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

export function lastSyncText(lastSyncAt: number | null, now: number): string {
  if (lastSyncAt === null) return t('sync.last.never');
  const ago = Math.max(0, now - lastSyncAt);
  if (ago < MIN) return t('sync.last.justNow');
  if (ago < HOUR) return t('sync.last.minutes', { n: Math.floor(ago / MIN) });
  if (ago < 24 * HOUR) return t('sync.last.hours', { n: Math.floor(ago / HOUR) });
  return t('sync.last.date', { date: formatDateTime(lastSyncAt) });
}

/** A device-made code has its text in the sync dictionary; a server code in core/messages. */
export function errorText(code: string): string {
  return i18n.translated(code) ?? i18n.error(code);
}

/**
 * The reason stored with a rejected change, in the current language: from its code and
 * parameters; from the text stored with it only for a code this app has no words for (a newer
 * server's, or a row stored before codes were), and never nothing.
 */
export function reasonText(e: OutboxError | undefined): string {
  if (!e) return '';
  const own = i18n.translated(e.code, e.params);
  if (own !== undefined) return own;
  // Text stored with the row (from before codes, or for a code this app does not know) is what
  // the person saw before: it stays as it was.
  const stored = i18n.lang === 'en' ? (e.messageEn ?? e.message) : (e.message ?? e.messageEn);
  return stored ?? i18n.error(e.code, e.params);
}

export function fieldLabel(field: string): string {
  return i18n.translated(`label.${field}`) ?? field;
}

export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
