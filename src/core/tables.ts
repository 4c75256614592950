/**
 * Per-field schemas of every synced table. The server validates each incoming field write
 * against these; an unknown field or table is refused. Things two people add at the same
 * time (photos, reviews, comments) are records of their own, so adding never conflicts.
 */
import { z } from './zod.ts';
import { idSchema } from './id-schema.ts';
import { entryFieldSchemas } from './entry.ts';
import { EVIDENCE_MIME, evidenceForSchema, indicatorFieldSchemas } from './indicator-fields.ts';
import type { SyncedTable } from './record.ts';
import { choice, isoDate, issueCode, requiredText, text } from './text.ts';

const id = idSchema();
export const SHA256_RE = /^[0-9a-f]{64}$/;
export const PHOTO_MIME = ['image/jpeg', 'image/webp', 'image/png'] as const;
/** Largest photo the server accepts, after on-device resizing (which aims at 200–400 KB). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** What a stored blob may be: a photo, or an indicator's evidence file (a PDF). */
export const BLOB_MIME = [...new Set([...PHOTO_MIME, ...EVIDENCE_MIME])] as [string, ...string[]];

export const attachmentFieldSchemas = {
  entryId: id,
  sha256: z.string().regex(SHA256_RE, { error: 'field.invalid' }),
  mime: choice(BLOB_MIME),
  /** Set on an indicator's evidence file (indicator-fields.ts); absent or null on a photo. A PDF
   * has no width and height. */
  evidenceFor: evidenceForSchema,
  width: z.number().int().min(1).max(10_000),
  height: z.number().int().min(1).max(10_000),
  size: z.number().int().min(1).max(MAX_PHOTO_BYTES),
  caption: text(300),
  authorId: id,
  createdAt: z.number().int().nonnegative(),
  deleted: z.boolean(),
} as const;

export const REVIEW_STATUS = ['baru', 'perlu_dilengkapi', 'siap_diteruskan', 'ditolak'] as const;

export const reviewFieldSchemas = {
  entryId: id,
  workshopId: id.nullable(),
  status: choice(REVIEW_STATUS),
  reason: text(2000),
  tags: z.array(text(40)).max(20, { error: 'field.too_many' }),
  notes: text(5000),
  score: z.number().int().min(0).max(100).nullable(),
  reviewerId: id,
  reviewerName: text(100),
  createdAt: z.number().int().nonnegative(),
  deleted: z.boolean(),
} as const;

export const commentFieldSchemas = {
  entryId: id,
  workshopId: id.nullable(),
  text: requiredText(2000),
  authorId: id,
  authorName: text(100),
  createdAt: z.number().int().nonnegative(),
  deleted: z.boolean(),
} as const;

export const workshopFieldSchemas = {
  nama: requiredText(200),
  tanggal: isoDate.nullable(),
  tempat: text(200),
  penyelenggara: text(200),
  opdList: z.array(requiredText(150)).max(300, { error: 'field.too_many' }),
  allowPeerRead: z.boolean(),
  closed: z.boolean(),
  deleted: z.boolean(),
} as const;

/** A concurrent write that lost, kept for a person to see and restore (see merge.ts conflictId). */
export const conflictFieldSchemas = {
  table: z.string().max(40),
  recordId: id,
  field: z.string().max(60),
  value: z.json(),
  stamp: z.string().max(120),
  winnerStamp: z.string().max(120),
  resolved: z.boolean(),
  deleted: z.boolean(),
} as const;

export const TABLE_FIELD_SCHEMAS: Record<SyncedTable, Record<string, z.ZodType>> = {
  entries: { ...entryFieldSchemas, ...indicatorFieldSchemas },
  attachments: attachmentFieldSchemas,
  reviews: reviewFieldSchemas,
  comments: commentFieldSchemas,
  workshops: workshopFieldSchemas,
  conflicts: conflictFieldSchemas,
};

export interface FieldIssue {
  path: string;
  code: string;
}

/** Validate the field values of a (partial) record of `table`: unknown fields are issues too. */
export function validateFields(table: SyncedTable, fields: Record<string, unknown>): FieldIssue[] {
  const schemas = TABLE_FIELD_SCHEMAS[table];
  const issues: FieldIssue[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    if (!schema) {
      issues.push({ path: name, code: 'field.unknown' });
      continue;
    }
    const r = schema.safeParse(value);
    if (!r.success)
      issues.push({ path: name, code: r.error.issues[0] ? issueCode(r.error.issues[0]) : 'field.invalid' });
  }
  return issues;
}
