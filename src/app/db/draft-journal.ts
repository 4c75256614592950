/**
 * A synchronous journal of drafts in localStorage, beside the debounced IndexedDB autosave.
 * An IndexedDB write is asynchronous: a reload, tab kill or renderer crash a few ms after a
 * keystroke drops the write in flight, or the debounced one never starts. localStorage
 * is written synchronously, so each change also puts its draft row here at once (one setItem of a
 * few KB); the form removes the row once IndexedDB holds that state, and the next form to load
 * merges whatever is left into `drafts` first (the newer of the two wins).
 * Local only, like drafts; a storage that refuses (private mode, quota) leaves the normal path.
 */
import { z } from '../../core/zod.ts';
import type { FieldValue } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { JOURNAL_PREFIX as PREFIX } from './draft-journal-key.ts';
import type { DraftRow } from './types.ts';

const JournalRow = z.object({
  id: z.string().min(1).max(200),
  entryId: z.string().min(1).max(200).nullable(),
  values: z.record(z.string(), z.json()),
  focus: z.string().max(200).nullable(),
  photos: z.array(z.string().max(200)).max(100),
  person: z.string().max(200).nullable(),
  author: z
    .object({
      authorId: z.string().max(200),
      authorName: z.string().max(200),
      enteredBy: z.string().max(200).nullable(),
      workshopId: z.string().max(200).nullable(),
    })
    .nullable()
    .optional(),
  updatedAt: z.number().int().nonnegative(),
});

function store(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function put(id: string, json: string): void {
  try {
    store()?.setItem(PREFIX + id, json);
  } catch {
    // Quota or private mode: the debounced IndexedDB write still runs.
  }
}

/** Keep `row` synchronously (the typing path: no await, no IndexedDB). */
export function journalDraft(row: DraftRow): void {
  put(row.id, JSON.stringify(row));
}

/**
 * One form's journal writer for the typing path: it keeps each field's JSON and re-encodes only
 * the field a keystroke changed, so a long text elsewhere in the form is not encoded again on
 * every key. Any change it cannot name (a photo, focus, a field it does not know) re-encodes all.
 */
export class DraftJournal {
  #pieces = new Map<string, string>();
  #id = '';

  write(
    row: Omit<DraftRow, 'values'>,
    values: Readonly<Record<string, FieldValue | undefined>>,
    changed?: string,
  ): void {
    const known = changed !== undefined && this.#id === row.id && this.#pieces.has(changed);
    if (known) this.#encode(changed, values[changed]);
    else {
      this.#id = row.id;
      this.#pieces.clear();
      for (const [k, v] of Object.entries(values)) this.#encode(k, v);
    }
    let json = '{"values":{';
    let first = true;
    for (const [k, v] of this.#pieces) {
      json += `${first ? '' : ','}${JSON.stringify(k)}:${v}`;
      first = false;
    }
    put(row.id, `${json}},${JSON.stringify(row).slice(1)}`);
  }

  #encode(key: string, value: FieldValue | undefined): void {
    if (value === undefined) this.#pieces.delete(key);
    else this.#pieces.set(key, JSON.stringify(value));
  }
}

/** IndexedDB now holds this draft (or it was saved or discarded): drop its journal row. */
export function forgetJournal(id: string): void {
  try {
    store()?.removeItem(PREFIX + id);
  } catch {
    // Nothing to undo: a row left behind is merged (or found older) at the next start.
  }
}

function journalRows(s: Storage): { key: string; row: DraftRow | null }[] {
  const out: { key: string; row: DraftRow | null }[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    let row: DraftRow | null = null;
    try {
      const parsed = JournalRow.safeParse(JSON.parse(s.getItem(key) ?? 'null'));
      if (parsed.success) row = { ...parsed.data, values: parsed.data.values as Record<string, FieldValue> };
    } catch {
      row = null;
    }
    out.push({ key, row });
  }
  return out;
}

/** Merge every journal row into `drafts` where it is newer than the stored draft (or there is
 * none), in one transaction, then drop the rows. Returns how many drafts it wrote. */
export async function replayJournal(d: LumbungDb): Promise<number> {
  const s = store();
  if (!s) return 0;
  const rows = journalRows(s);
  if (rows.length === 0) return 0;
  const valid = rows.flatMap((r) => (r.row ? [r.row] : []));
  let written = 0;
  await d.transaction('rw', d.drafts, async () => {
    for (const row of valid) {
      const stored = await d.drafts.get(row.id);
      // A tie goes to the journal: it holds the last change, IndexedDB at most the same state.
      if (!stored || stored.updatedAt <= row.updatedAt) {
        await d.drafts.put(row);
        written++;
      }
    }
  });
  for (const r of rows) s.removeItem(r.key);
  return written;
}
