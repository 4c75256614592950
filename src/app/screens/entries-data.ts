/**
 * What "Entri saya" needs from the device's database, in one lazy chunk with Dexie: the screen's
 * frame (heading, search, filters) paints without it, and the list fills in once it is here.
 */
export { db } from '../db/db.ts';
export { deleteDraft, getDraft, restoreDraft } from '../db/drafts.ts';
export { duplicateEntry, setEntryDeleted } from '../db/entries.ts';
export { EntryList } from '../state/entryList.svelte.ts';
