/**
 * Which innovations are *stagnan* and why. Pure, no I/O: the admin's list, its print view and the
 * server's export read the same rule, fed by `ActivityIndex` (one pass over entries and the
 * records that hang off them).
 *
 * - Before *Penerapan*: stagnant when nothing meaningful happened for `months` months. Meaningful
 *   is any write of the entry's own fields (not the office's bookkeeping of the IID cycle, which
 *   a carry to the next year writes for every innovation at once), a review, a comment, a photo
 *   or evidence file, or an edit of its follow-up.
 * - In *Penerapan* (the last stage, so it cannot stop moving): stagnant when its newest evidence
 *   file is from before the current year (Jakarta), or it has none: the IID asks for this year's.
 * - An innovation with an open follow-up stays on the list (the office sees who follows it up)
 *   even when that follow-up's own edit counts as activity.
 */
import { hlcWall, HLC_RE } from './hlc.ts';
import type { FieldValue } from './record.ts';
import { jakartaYear } from './text.ts';

export type StagnantReason =
  /** "tidak ada kegiatan sejak …" */
  | { kind: 'idle'; since: number }
  /** "bukti terakhir tahun …" (since: when that evidence was added) */
  | { kind: 'old_evidence'; year: number; since: number }
  /** "belum ada bukti" */
  | { kind: 'no_evidence' }
  /** "dalam tindak lanjut sejak …": listed for its open follow-up only. */
  | { kind: 'followed'; since: number };

export interface StagnationInput {
  tahapan: string;
  /** Wall ms of the last meaningful activity of the innovation itself; 0 = unknown. */
  lastActivityAt: number;
  /** Wall ms of its newest live evidence file; null = none. */
  lastEvidenceAt: number | null;
  /** Its follow-up, if the office set one. */
  followUp: { updatedAt: number; open: boolean } | null;
}

const LAST_STAGE = 'Penerapan';

/** Months between two times, as calendars count them (day of month respected). */
export function monthsBetween(from: number, to: number): number {
  const a = new Date(from);
  const b = new Date(to);
  let n = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (b.getUTCDate() < a.getUTCDate()) n--;
  return n;
}

/** Why this innovation is on the stagnan list at `now`, or null when it is not. */
export function stagnation(i: StagnationInput, months: number, now: number): StagnantReason | null {
  const open = i.followUp?.open === true ? i.followUp : null;
  if (i.tahapan === LAST_STAGE) {
    if (i.lastEvidenceAt === null) return { kind: 'no_evidence' };
    const year = jakartaYear(i.lastEvidenceAt);
    if (year < jakartaYear(now)) return { kind: 'old_evidence', year, since: i.lastEvidenceAt };
  } else {
    const last = Math.max(i.lastActivityAt, i.followUp?.updatedAt ?? 0);
    if (last > 0 && monthsBetween(last, now) >= months) return { kind: 'idle', since: last };
  }
  return open ? { kind: 'followed', since: open.updatedAt } : null;
}

/** The office's bookkeeping of the IID cycle: not activity of the innovation. */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([
  'tahunLaporan',
  'iidDiunggah',
  'iidTahun',
  'dibawaDariTahun',
]);

interface Doc {
  id: string;
  table?: string;
  fields: Readonly<Record<string, FieldValue | undefined>>;
  stamps: Readonly<Record<string, string | undefined>>;
}

const wallOf = (stamp: string | undefined): number => (stamp && HLC_RE.test(stamp) ? hlcWall(stamp) : 0);

/** The newest write of a record, leaving out `skip`'s fields. */
function lastWrite(d: Doc, skip?: ReadonlySet<string>): number {
  let last = 0;
  for (const [field, stamp] of Object.entries(d.stamps)) {
    if (skip?.has(field)) continue;
    const w = wallOf(stamp);
    if (w > last) last = w;
  }
  return last;
}

export interface EntryActivity {
  lastActivityAt: number;
  lastEvidenceAt: number | null;
}

/** Activity per entry, built record by record (entries, reviews, comments, attachments), so a
 * caller that reads a table page by page never holds more than one number pair per entry. */
export class ActivityIndex {
  #by = new Map<string, EntryActivity>();

  #of(entryId: string): EntryActivity {
    let a = this.#by.get(entryId);
    if (!a) {
      a = { lastActivityAt: 0, lastEvidenceAt: null };
      this.#by.set(entryId, a);
    }
    return a;
  }

  /** An entry record: its own field writes. */
  addEntry(d: Doc): void {
    const a = this.#of(d.id);
    a.lastActivityAt = Math.max(a.lastActivityAt, lastWrite(d, BOOKKEEPING_FIELDS));
  }

  /** A review, comment or attachment: any write of it is activity of its entry; a live
   * attachment naming an indicator or upload is evidence as of when it was added. */
  addChild(d: Doc): void {
    const entryId = d.fields.entryId;
    if (typeof entryId !== 'string') return;
    const a = this.#of(entryId);
    a.lastActivityAt = Math.max(a.lastActivityAt, lastWrite(d));
    if (d.table === 'attachments' && typeof d.fields.evidenceFor === 'string' && d.fields.deleted !== true) {
      const created = d.fields.createdAt;
      const at = typeof created === 'number' && created > 0 ? created : wallOf(d.stamps.evidenceFor);
      if (at > 0 && (a.lastEvidenceAt === null || at > a.lastEvidenceAt)) a.lastEvidenceAt = at;
    }
  }

  get(entryId: string): EntryActivity {
    return this.#by.get(entryId) ?? { lastActivityAt: 0, lastEvidenceAt: null };
  }
}

/** Since when the reason holds (the "sejak" column); null when there is no date to give. */
export function reasonSince(r: StagnantReason): number | null {
  return r.kind === 'no_evidence' ? null : r.since;
}

export interface StagnantItem<E> {
  entry: E;
  reason: StagnantReason;
}

/** The stagnan list: every entry the rule names, the longest-waiting first (no date first). */
export function stagnantList<E extends { id: string; tahapan: string }>(
  entries: Iterable<E>,
  activityOf: (id: string) => EntryActivity,
  followUpOf: (id: string) => StagnationInput['followUp'],
  months: number,
  now: number,
): StagnantItem<E>[] {
  const out: StagnantItem<E>[] = [];
  for (const entry of entries) {
    const a = activityOf(entry.id);
    const reason = stagnation({ tahapan: entry.tahapan, ...a, followUp: followUpOf(entry.id) }, months, now);
    if (reason) out.push({ entry, reason });
  }
  return out.sort((x, y) => (reasonSince(x.reason) ?? 0) - (reasonSince(y.reason) ?? 0));
}
