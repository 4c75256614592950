/**
 * One facilitator's review of one entry: status, reason (required for *ditolak*), tags, notes
 * and a score 0–100, validated with the core's per-field review schemas before it is written as
 * the record `${entryId}:${reviewerId}` (db/reviews.ts). A comment is validated the same way.
 * Everything is local; sync carries it to the office later.
 */
import type { FieldValue } from '../../../core/record.ts';
import { validateFields } from '../../../core/tables.ts';
import type { LumbungDb } from '../../db/db.ts';
import { storageErrorCode } from '../../db/errors.ts';
import { addComment, reviewId, saveReview } from '../../db/reviews.ts';
import type { StoredRecord } from '../../db/types.ts';
import type { ReviewStatus } from './room.ts';

export interface Reviewer {
  id: string;
  name: string;
  workshopId: string | null;
}

/** Tags typed as "a, b, c": trimmed, empty ones dropped, duplicates once. */
export function parseTags(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s, i, all) => s !== '' && all.indexOf(s) === i);
}

/** The review's fields, validated: issues by field (message codes), empty when valid. */
export function reviewIssues(fields: Record<string, FieldValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of validateFields('reviews', fields)) out[i.path.split('.')[0] ?? i.path] ??= i.code;
  if (fields.status === 'ditolak' && String(fields.reason ?? '').trim() === '')
    out.reason ??= 'field.required';
  return out;
}

export class ReviewForm {
  status = $state<ReviewStatus>('baru');
  reason = $state('');
  tags = $state('');
  notes = $state('');
  /** As typed: '' means no score. */
  score = $state('');
  comment = $state('');
  #issues = $state.raw<Record<string, string>>({});
  #saving = $state(false);
  #saved = $state(false);
  #error = $state<string | null>(null);
  readonly #db: LumbungDb;
  readonly #entryId: string;
  readonly #reviewer: Reviewer;

  constructor(d: LumbungDb, entryId: string, reviewer: Reviewer, existing?: StoredRecord) {
    this.#db = d;
    this.#entryId = entryId;
    this.#reviewer = reviewer;
    if (existing) this.#fill(existing);
  }

  get id(): string {
    return reviewId(this.#entryId, this.#reviewer.id);
  }
  get saving(): boolean {
    return this.#saving;
  }
  get saved(): boolean {
    return this.#saved;
  }
  get error(): string | null {
    return this.#error;
  }
  issue(field: string): string | null {
    return this.#issues[field] ?? null;
  }

  #fill(r: StoredRecord): void {
    const f = r.fields;
    this.status = (typeof f.status === 'string' ? f.status : 'baru') as ReviewStatus;
    this.reason = String(f.reason ?? '');
    this.tags = Array.isArray(f.tags) ? f.tags.map(String).join(', ') : '';
    this.notes = String(f.notes ?? '');
    this.score = typeof f.score === 'number' ? String(f.score) : '';
  }

  changed(): void {
    this.#saved = false;
  }

  /** The fields to write, or null with the issues shown. */
  #fields(): Record<string, FieldValue> | null {
    const scoreText = this.score.trim();
    const score = scoreText === '' ? null : Number(scoreText);
    const fields: Record<string, FieldValue> = {
      workshopId: this.#reviewer.workshopId,
      status: this.status,
      reason: this.reason.trim(),
      tags: parseTags(this.tags),
      notes: this.notes,
      score: score !== null && Number.isNaN(score) ? -1 : score,
      reviewerName: this.#reviewer.name,
    };
    const issues = reviewIssues(fields);
    this.#issues = issues;
    return Object.keys(issues).length ? null : fields;
  }

  async save(): Promise<boolean> {
    const fields = this.#fields();
    if (!fields || this.#saving) return false;
    this.#saving = true;
    this.#error = null;
    try {
      await saveReview(this.#db, this.#entryId, this.#reviewer.id, fields);
      this.#saved = true;
      return true;
    } catch (e) {
      this.#error = storageErrorCode(e);
      return false;
    } finally {
      this.#saving = false;
    }
  }

  async addComment(): Promise<boolean> {
    const text = this.comment.trim();
    const issues = validateFields('comments', { text });
    if (issues.length) {
      this.#issues = { ...this.#issues, comment: issues[0]!.code };
      return false;
    }
    try {
      await addComment(this.#db, {
        entryId: this.#entryId,
        workshopId: this.#reviewer.workshopId,
        text,
        authorId: this.#reviewer.id,
        authorName: this.#reviewer.name,
      });
      this.comment = '';
      const { comment: _gone, ...rest } = this.#issues;
      this.#issues = rest;
      return true;
    } catch (e) {
      this.#error = storageErrorCode(e);
      return false;
    }
  }
}
