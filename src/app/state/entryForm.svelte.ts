/**
 * The state of one entry form: what is typed (kept verbatim), autosave into `drafts` (debounced,
 * flushed on blur, on flushAll() and before saving), restoring a draft with the field that had
 * focus, pending photos, and "Simpan" (EntryValues validation, then one transaction).
 * Nothing typed is lost: a failing save leaves the values on screen and the draft in IndexedDB.
 */
import { EntryValues } from '../../core/entry.ts';
import type { FieldValue } from '../../core/record.ts';
import { reportingYear } from '../../core/cycle.ts';
import { fieldIssues, jakartaYear } from '../../core/text.ts';
import type { LumbungDb } from '../db/db.ts';
import { deleteDraft, editDraftId, findDraft, getDraft, newDraftId, saveDraft } from '../db/drafts.ts';
import { DraftJournal, forgetJournal, replayJournal } from '../db/draft-journal.ts';
import { getEntry, saveEntry, type EntryAuthor } from '../db/entries.ts';
import { storageErrorCode } from '../db/errors.ts';
import type { DraftRow } from '../db/types.ts';
import { addPhoto, PhotoError } from '../db/photos.ts';
import { requestPersistOnce } from '../db/storage.ts';
import { registerFlush } from './flush.ts';
import {
  emptyRaw,
  fieldError,
  FORM_FIELDS,
  rawFromDraft,
  rawFromFields,
  toEntryValues,
  type RawValue,
  type RawValues,
} from './entryFields.ts';

export const AUTOSAVE_DELAY_MS = 300;

export type FormStatus = 'loading' | 'ready' | 'missing';

export interface EntryFormOptions {
  /** The entry being edited, or null for a new one. */
  entryId: string | null;
  /** Open this draft of a new entry instead of the latest one. */
  draftId?: string | null;
  /** Who is typing (a joined person, a kiosk person): asked once on load; null = this device. */
  identity?: () => Promise<FormIdentity | null>;
}

/** Who a new entry belongs to; `person` tags drafts in kiosk mode; `opd` prefills the form. */
export interface FormIdentity {
  author: EntryAuthor;
  person: string | null;
  opd: string;
}

export class EntryForm {
  values = $state<RawValues>(emptyRaw());
  #photos = $state.raw<string[]>([]);
  #status = $state<FormStatus>('loading');
  #saving = $state(false);
  #showRequired = $state(false);
  #saveIssues = $state.raw<Record<string, string>>({});
  #saveError = $state<string | null>(null);
  #photoError = $state<string | null>(null);
  #restored = $state(false);
  #autosaved = $state(false);
  #draftId = '';
  #unsaved = $state<DraftRow | null>(null);
  #entryId: string | null;
  /** Fields the stored entry has, so clearing one writes '' instead of leaving the old value. */
  #stored: readonly string[] = [];
  /** The stored entry as loaded (or as restored since): a save writes only what differs from it,
   * so a value that changed elsewhere while the form was open is not written back over. */
  #base: RawValues = {};
  #focus: string | null = null;
  /** The stored entry's reporting year (core/cycle.ts); null for a new entry. */
  #year = $state<number | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dirty = false;
  /** Counts changes, so a finished IndexedDB write only clears a journal row it covers. */
  #changes = 0;
  #journal = new DraftJournal();
  #done = false;
  /** A draft row exists for this form (restored, or written since), so focus moves are kept too. */
  #hasDraft = false;
  #identity: FormIdentity | null = null;
  #writing: Promise<void> = Promise.resolve();
  #unregister: () => void;
  readonly #db: LumbungDb;
  readonly #opts: EntryFormOptions;

  constructor(db: LumbungDb, opts: EntryFormOptions) {
    this.#db = db;
    this.#opts = opts;
    this.#entryId = opts.entryId;
    this.#unregister = registerFlush(() => this.flush());
  }

  /** Which year's lists the form offers (tematik, KIPP kategori): the entry's reporting year,
   * or this year for a new one. */
  get reportingYear(): number {
    return this.#year ?? jakartaYear();
  }
  get status(): FormStatus {
    return this.#status;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get entryId(): string | null {
    return this.#entryId;
  }
  /** On a blank new form: the person's latest unsaved new-entry draft, to continue it. */
  get unsaved(): DraftRow | null {
    return this.#unsaved;
  }

  get draftId(): string {
    return this.#draftId;
  }
  get photos(): string[] {
    return this.#photos;
  }
  /** A draft was restored: the screen says so and offers to discard it. */
  get restored(): boolean {
    return this.#restored;
  }
  /** The field (element id) that had focus when the draft was last written. */
  get focus(): string | null {
    return this.#focus;
  }
  /** A draft write of this form has reached IndexedDB ("Tersimpan otomatis sebagai draf."). */
  get autosaved(): boolean {
    return this.#autosaved;
  }
  get saveError(): string | null {
    return this.#saveError;
  }
  get photoError(): string | null {
    return this.#photoError;
  }

  /** The message code shown beside `name`, or null. */
  error(name: string): string | null {
    return fieldError(name, this.values[name], this.#showRequired) ?? this.#saveIssues[name] ?? null;
  }

  /** Names of fields with an error, in form order (for the summary after a failed save). */
  get invalidFields(): string[] {
    return FORM_FIELDS.filter((f) => this.error(f) !== null);
  }

  async load(): Promise<void> {
    const d = this.#db;
    // Drafts typed just before a reload or crash are still in the journal: merge them first.
    await replayJournal(d).catch(() => 0);
    this.#identity = (await this.#opts.identity?.()) ?? null;
    const person = this.#identity?.person ?? null;
    if (this.#entryId) {
      const entry = await getEntry(d, this.#entryId);
      if (!entry || entry.fields.deleted === true) {
        this.#status = 'missing';
        return;
      }
      this.#stored = Object.keys(entry.fields);
      this.#year = reportingYear(entry.fields);
      this.#base = rawFromFields(entry.fields);
      this.#draftId = editDraftId(this.#entryId);
      const draft = await findDraft(d, this.#entryId);
      this.values = draft ? rawFromDraft(draft.values) : rawFromFields(entry.fields);
      if (draft) this.#restoreFrom(draft.focus, draft.photos);
    } else {
      // "Entri baru" opens a blank form: a draft is opened by its link (?draft=, which
      // the form also puts in the URL, so a reload comes back to it) and one tap away otherwise
      // ("Lanjutkan draf"). Kiosk mode keeps reopening the person's own draft: its screen has
      // no URL of its own, and the person at the keyboard has no list to find it in.
      const draft = this.#opts.draftId
        ? await getDraft(d, this.#opts.draftId)
        : person !== null
          ? await findDraft(d, null, person)
          : undefined;
      if (!this.#opts.draftId && person === null) this.#unsaved = (await findDraft(d, null, null)) ?? null;
      // Kiosk mode: only the current person's drafts, never another's (even by a ?draft= link).
      // Outside it, the facilitator opens a draft a participant left at the kiosk by its link and
      // finishes it in that participant's name.
      const left =
        person === null && this.#opts.draftId && draft?.person && draft.author
          ? { author: draft.author, person: draft.person, opd: '' }
          : null;
      if (draft && draft.entryId === null && ((draft.person ?? null) === person || left)) {
        if (left) this.#identity = left;
        this.#draftId = draft.id;
        this.values = rawFromDraft(draft.values);
        this.#restoreFrom(draft.focus, draft.photos);
      } else {
        this.#draftId = newDraftId();
        this.#prefill();
      }
    }
    this.#status = 'ready';
  }

  /** A new entry starts with the person's OPD (given once when joining, or at the kiosk). */
  #prefill(): void {
    if (this.#identity?.opd) this.values.opd = this.#identity.opd;
  }

  #restoreFrom(focus: string | null, photos: string[]): void {
    this.#focus = focus;
    this.#photos = [...photos];
    this.#restored = true;
    this.#hasDraft = true;
  }

  /** Set one value programmatically (components mostly bind to `values` and call changed()). */
  set(name: string, value: RawValue): void {
    this.values[name] = value;
    this.changed(name);
  }

  /** Something was typed: clear that field's save-time issue and schedule the autosave. */
  changed(name?: string): void {
    if (name && this.#saveIssues[name]) {
      const { [name]: _gone, ...rest } = this.#saveIssues;
      this.#saveIssues = rest;
    }
    this.#saveError = null;
    this.#dirty = true;
    this.#changes++;
    // Synchronous, so a reload or crash right after this keystroke cannot lose it.
    if (this.#status === 'ready' && !this.#done) {
      const { values: _all, ...meta } = this.#row(Date.now(), false);
      this.#journal.write(meta, this.values, name);
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  /** Remember where the person is, so a restored draft reopens there. */
  focused(elementId: string): void {
    if (elementId && elementId !== this.#focus) {
      this.#focus = elementId;
      if (this.#dirty || this.#hasDraft) this.changed();
    }
  }

  /** Write the draft now if anything changed. Serialised, so drafts land in typing order. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#dirty || this.#done || this.#status !== 'ready') return this.#writing;
    this.#dirty = false;
    // Stamped now, not when the write runs: the journal's newer change must win a later merge.
    const row = this.#row(Date.now());
    const changes = this.#changes;
    this.#writing = this.#writing.then(async () => {
      try {
        await saveDraft(this.#db, row, row.updatedAt);
        this.#hasDraft = true;
        this.#autosaved = true;
        if (changes === this.#changes) forgetJournal(row.id);
      } catch (e) {
        // The text stays on screen; say why the device could not keep it and retry on next change.
        this.#dirty = true;
        this.#saveError = storageErrorCode(e);
      }
    });
    return this.#writing;
  }

  /**
   * A lost value was restored ("Pulihkan") while this form is open: show it, and take it as the
   * stored value, so "Simpan" keeps it instead of writing the winner back.
   */
  restoreValue(name: string, value: FieldValue): void {
    const raw = rawFromFields({ [name]: value })[name];
    if (raw === undefined) return;
    this.values[name] = raw;
    this.#base[name] = raw;
    // An open draft holds the old value: rewrite it, or reopening it would bring the winner back.
    if (this.#hasDraft || this.#dirty) this.changed(name);
  }

  /** Only the fields the person changed (all of them for a new entry). */
  #touched(values: Record<string, FieldValue>): Record<string, FieldValue> {
    if (!this.#entryId) return values;
    const out: Record<string, FieldValue> = {};
    for (const [f, v] of Object.entries(values))
      if (JSON.stringify(this.values[f]) !== JSON.stringify(this.#base[f])) out[f] = v;
    return out;
  }

  /** The draft as stored; `withValues` false skips copying the values (the journal has its own). */
  #row(updatedAt: number, withValues = true): DraftRow {
    return {
      id: this.#draftId,
      entryId: this.#entryId,
      values: withValues ? ($state.snapshot(this.values) as Record<string, FieldValue>) : {},
      focus: this.#focus,
      photos: [...this.#photos],
      person: this.#identity?.person ?? null,
      author: this.#identity?.person ? this.#identity.author : null,
      updatedAt,
    };
  }

  /** Pick photos: each is checked, resized and stored; a bad one is refused with a message. */
  async addPhotos(files: Iterable<File>): Promise<void> {
    this.#photoError = null;
    for (const file of files) {
      try {
        const row = await addPhoto(this.#db, file);
        if (!this.#photos.includes(row.sha256)) this.#photos = [...this.#photos, row.sha256];
        this.changed();
      } catch (e) {
        this.#photoError = e instanceof PhotoError ? e.code : storageErrorCode(e);
      }
    }
    await this.flush();
  }

  removePendingPhoto(sha256: string): void {
    this.#photos = this.#photos.filter((s) => s !== sha256);
    this.changed();
  }

  /** Validate with EntryValues and save; returns the entry id, or null (values and draft kept). */
  async save(): Promise<string | null> {
    if (this.#saving) return null;
    this.#showRequired = true;
    const values = toEntryValues(this.values, this.#stored);
    const parsed = EntryValues.safeParse(values);
    if (!parsed.success) {
      const issues: Record<string, string> = {};
      for (const i of fieldIssues(parsed.error)) issues[i.path.split('.')[0] ?? i.path] ??= i.code;
      this.#saveIssues = issues;
      await this.flush();
      return null;
    }
    this.#saving = true;
    try {
      await this.flush();
      const id = await saveEntry(this.#db, {
        entryId: this.#entryId,
        draftId: this.#draftId,
        values: this.#touched(values),
        photos: this.#photos,
        author: this.#entryId ? null : (this.#identity?.author ?? null),
      });
      this.#done = true;
      this.#dirty = false;
      forgetJournal(this.#draftId);
      void requestPersistOnce(this.#db).catch(() => undefined);
      return id;
    } catch (e) {
      this.#saveError = storageErrorCode(e);
      // Keep the draft current: the values stay on screen and in IndexedDB.
      this.#dirty = true;
      await this.flush();
      return null;
    } finally {
      this.#saving = false;
    }
  }

  /** "Buang draf": forget the unsaved changes (the saved entry, if any, is untouched). */
  async discard(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#dirty = false;
    await this.#writing;
    forgetJournal(this.#draftId);
    await deleteDraft(this.#db, this.#draftId);
    this.#hasDraft = false;
    this.#restored = false;
    this.#autosaved = false;
    this.#photos = [];
    this.#saveIssues = {};
    this.#showRequired = false;
    if (this.#entryId) {
      const entry = await getEntry(this.#db, this.#entryId);
      this.values = entry ? rawFromFields(entry.fields) : emptyRaw();
      this.#base = $state.snapshot(this.values);
    } else {
      this.values = emptyRaw();
      this.#draftId = newDraftId();
      this.#prefill();
    }
  }

  /** The form leaves the screen: write what is pending, stop listening for flushAll(). */
  async dispose(): Promise<void> {
    await this.flush();
    this.#unregister();
  }
}
