/** Where the draft journal (draft-journal.ts) keeps its rows, in a file of its own so the first
 * screen can ask whether any are waiting without loading the journal's parser. */
export const JOURNAL_PREFIX = 'lumbung.draft-journal.';

export function journalWaiting(): boolean {
  try {
    const s = globalThis.localStorage;
    for (let i = 0; i < s.length; i++) if (s.key(i)?.startsWith(JOURNAL_PREFIX)) return true;
  } catch {
    // No storage: nothing can be waiting in it.
  }
  return false;
}
