/**
 * How the entry form holds values while typing, and how they become entry fields. The form keeps
 * exactly what was typed (a half-written date stays as typed, so the draft loses nothing);
 * `toEntryValues` turns it into EntryValues-shaped fields for validation and saving.
 */
import { ENTRY_CORE_FIELDS, emptyDraft, entryFieldSchemas } from '../../core/entry.ts';
import { entryFieldsWhere, type EntryField, type EntryFieldKind } from '../../core/entry-fields.ts';
import type { FieldValue } from '../../core/record.ts';
import {
  afterCurrentYear,
  dmyToIso,
  isoToDmy,
  issueCode,
  normaliseUrl,
  normaliseWhatsapp,
} from '../../core/text.ts';

export type RawValue = string | string[] | number[];
export type RawValues = Record<string, RawValue>;

const ofKind = (kind: EntryFieldKind) => entryFieldsWhere((s) => s.kind === kind);
/** Pick-list fields: '' in the form means "not chosen" (null). */
const CHOICE_FIELDS = ofKind('choice');
const DATE_FIELDS = ofKind('date');
const LIST_FIELDS = ofKind('list');
const TEXT_FIELDS = ofKind('text');

/** The fields the participant's form holds (entry-fields.ts: every kind but system). */
export const FORM_FIELDS: readonly EntryField[] = [
  ...TEXT_FIELDS,
  ...CHOICE_FIELDS,
  ...DATE_FIELDS,
  ...LIST_FIELDS,
];
const CHOICE = new Set<string>(CHOICE_FIELDS);
const DATE = new Set<string>(DATE_FIELDS);
const LIST = new Set<string>(LIST_FIELDS);
const CORE = new Set<string>(ENTRY_CORE_FIELDS);

export function emptyRaw(): RawValues {
  const d = emptyDraft();
  const raw: RawValues = {};
  for (const f of FORM_FIELDS) raw[f] = LIST.has(f) ? [] : '';
  raw.tahapan = d.tahapan ?? 'Inisiatif';
  return raw;
}

/** A stored entry (or a draft's values) as the form shows it: dates as dd/mm/yyyy, null as ''. */
export function rawFromFields(fields: Record<string, FieldValue>): RawValues {
  const raw = emptyRaw();
  for (const f of FORM_FIELDS) {
    const v = fields[f];
    if (v === undefined || v === null) {
      if (f in fields) raw[f] = LIST.has(f) ? [] : '';
      continue;
    }
    if (LIST.has(f)) raw[f] = Array.isArray(v) ? (v as string[] | number[]) : [];
    else if (DATE.has(f) && typeof v === 'string') raw[f] = isoToDmy(v);
    else if (typeof v === 'string') raw[f] = v;
  }
  return raw;
}

/** A draft row's values back into the form (drafts store raw values; unknown keys are dropped). */
export function rawFromDraft(values: Record<string, FieldValue>): RawValues {
  const raw = emptyRaw();
  for (const f of FORM_FIELDS) {
    const v = values[f];
    if (LIST.has(f) && Array.isArray(v)) raw[f] = v as string[] | number[];
    else if (!LIST.has(f) && typeof v === 'string') raw[f] = v;
  }
  return raw;
}

export function isEmptyRaw(v: RawValue | undefined): boolean {
  return v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');
}

/** One form value as an entry field value. An unparsable date stays a string so it fails
 * validation; a WhatsApp number as people write it is stored normalised (62…), an unparsable one
 * stays as typed so it fails validation; so does the video link (https:// added when left out). */
export function fieldValue(name: string, v: RawValue): FieldValue {
  if (CHOICE.has(name)) return v === '' ? null : (v as string);
  if (name === 'cpWhatsapp' && typeof v === 'string') return normaliseWhatsapp(v) ?? v;
  // A link typed without https:// (youtu.be/…) is stored with it; a non-link stays as typed.
  if (name === 'kippVideo' && typeof v === 'string') return v.trim() === '' ? v : (normaliseUrl(v) ?? v);
  if (DATE.has(name)) {
    const s = (v as string).trim();
    return s === '' ? null : (dmyToIso(s) ?? s);
  }
  return v as FieldValue;
}

/** Form values as entry fields; `keep` lists fields to write even when empty (they had a value). */
export function toEntryValues(raw: RawValues, keep: readonly string[] = []): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of FORM_FIELDS) {
    const v = raw[f];
    if (v === undefined) continue;
    if (isEmptyRaw(v) && !keep.includes(f)) continue;
    out[f] = fieldValue(f, v);
  }
  return out;
}

/** The message code for one field while typing: limits and formats, and "required" when asked. */
export function fieldError(name: string, v: RawValue | undefined, showRequired: boolean): string | null {
  if (v === undefined) return null;
  if (isEmptyRaw(v)) return showRequired && CORE.has(name) ? 'field.required' : null;
  if (!Object.hasOwn(entryFieldSchemas, name)) return null;
  const value = fieldValue(name, v);
  const r = entryFieldSchemas[name as EntryField].safeParse(value);
  if (r.success)
    return DATE.has(name) && typeof value === 'string' && afterCurrentYear(value)
      ? 'field.date_future'
      : null;
  const first = r.error.issues[0];
  return first ? issueCode(first) : 'field.invalid';
}

export function isCoreField(name: string): boolean {
  return CORE.has(name);
}
