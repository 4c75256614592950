/**
 * Where an innovation's IID indicator claims are stored, and how they read back as claims.
 *
 * Level and note of each indicator are two fields of the ENTRY (`ind_<key>_level`,
 * `ind_<key>_note`), not records of their own: an indicator is a fixed slot of the innovation,
 * edited like a profile field by the entry's author and the workshop's facilitator, so per-field
 * last-writer-wins with conflict history fits it (two people setting the same level at once is a
 * real conflict to show, not two additions), and the entry's permission rule (author +
 * facilitator + admin) already says who may change it. Evidence files ARE additions, which two
 * people may make at the same time: each is an attachment record (tables.ts) naming its
 * indicator or upload in `evidenceFor`; its bytes travel by sha256 like a photo's.
 * The fields sit beside entryFieldSchemas, not in it: the participant's form and its drafts
 * never write them (a save from a stale draft cannot undo an indicator).
 */
import { z } from './zod.ts';
import {
  IID_INDICATORS,
  IID_UPLOADS,
  indicatorEstimate,
  readyForIidUpload,
  type Estimate,
  type IndicatorClaim,
  type UploadReadiness,
} from './indicators.ts';
import type { FieldValue } from './record.ts';
import { choice, text } from './text.ts';

export const levelField = (key: string): string => `ind_${key}_level`;
export const noteField = (key: string): string => `ind_${key}_note`;

export const INDICATOR_NOTE_MAX = 2000;

/** The per-field schemas of the indicator fields, merged into the entries table's (tables.ts). */
export const indicatorFieldSchemas: Record<string, z.ZodType> = Object.fromEntries(
  IID_INDICATORS.flatMap((i) => [
    [
      levelField(i.key),
      z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'field.invalid_choice' }).nullable(),
    ],
    [noteField(i.key), text(INDICATOR_NOTE_MAX)],
  ]),
);

/** What an evidence attachment may be for: an indicator key, or `upload:<name>` (IID_UPLOADS). */
export const EVIDENCE_TARGETS = [
  ...IID_INDICATORS.map((i) => i.key),
  ...IID_UPLOADS.map((u) => `upload:${u}`),
] as [string, ...string[]];
export const evidenceForSchema = choice(EVIDENCE_TARGETS).nullable();

/** Evidence files the IID takes: PDF, JPEG, PNG. */
export const EVIDENCE_MIME = ['application/pdf', 'image/jpeg', 'image/png'] as const;
/** Largest evidence file a device stores and sends (checked on the device before storing). A
 * scanned SK or a screenshot fits easily; a picture is resized like a photo first. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** An evidence attachment as the claims need it. */
export interface EvidenceRef {
  evidenceFor: string;
  deleted?: boolean;
}

export interface ClaimsOfEntry {
  claims: Record<string, IndicatorClaim>;
  /** Uploads (IID_UPLOADS names) with at least one live file. */
  uploads: Set<string>;
}

/**
 * The claims of one innovation from its entry fields and its evidence attachments. An indicator
 * whose evidence is a video (kualitas) counts the entry's video link (kippVideo) as evidence.
 */
export function claimsOf(
  fields: Readonly<Record<string, FieldValue | undefined>>,
  evidence: Iterable<EvidenceRef>,
): ClaimsOfEntry {
  const withFile = new Set<string>();
  for (const e of evidence) if (e.deleted !== true) withFile.add(e.evidenceFor);
  const claims: Record<string, IndicatorClaim> = {};
  for (const ind of IID_INDICATORS) {
    const raw = fields[levelField(ind.key)];
    const level = raw === 1 || raw === 2 || raw === 3 ? raw : null;
    const video =
      ind.evidenceKinds.includes('video') &&
      typeof fields['kippVideo'] === 'string' &&
      fields['kippVideo'].trim() !== '';
    claims[ind.key] = { level, hasEvidence: withFile.has(ind.key) || video };
  }
  const uploads = new Set<string>();
  for (const u of IID_UPLOADS) if (withFile.has(`upload:${u}`)) uploads.add(u);
  return { claims, uploads };
}

export interface IidUploadStatus extends UploadReadiness {
  estimate: Estimate;
}

/** "Siap diunggah ke IID" and the score estimate of one innovation, from its entry fields and
 * its evidence attachments: what the entry form, the facilitator, the admin and the exports show. */
export function iidUploadStatus(
  fields: Readonly<Record<string, FieldValue | undefined>>,
  evidence: Iterable<EvidenceRef>,
): IidUploadStatus {
  const { claims, uploads } = claimsOf(fields, evidence);
  return { ...readyForIidUpload(fields, claims, uploads), estimate: indicatorEstimate(claims) };
}
