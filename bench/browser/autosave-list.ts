/**
 * Runs in Chromium at the app's origin (bench/autosave-list.ts drives it): seeds the app's own
 * IndexedDB through writeRecord, then times the app's own autosave (EntryForm.flush → saveDraft)
 * and its list (the newest page first: loadEntryListHead; then the full index:
 * loadEntryListData, buildEntryIndex) and search (searchEntries).
 */
import { uuidv7 } from '../../src/core/index.ts';
import { db } from '../../src/app/db/db.ts';
import { deviceId } from '../../src/app/replica/device.ts';
import { writeRecord } from '../../src/app/replica/local-write.ts';
import { loadEntryListData, loadEntryListHead, saveEntryRows } from '../../src/app/db/summaries.ts';
import { EntryForm } from '../../src/app/state/entryForm.svelte.ts';
import { buildEntryIndex, searchEntries, type EntryFilters } from '../../src/app/state/entrySearch.ts';
import { entryFields } from './entries.ts';

const BATCH = 500;

async function seed(n: number): Promise<{ ms: number; stored: number }> {
  const t0 = performance.now();
  const me = await deviceId(db);
  const base = Date.now() - n * 1000;
  for (let start = 0; start < n; start += BATCH) {
    // One transaction per batch, as saveEntry nests writeRecord: the same rows, far less waiting.
    await db.transaction('rw', [db.entries, db.outbox, db.meta], async () => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const at = base + i * 1000;
        await writeRecord(db, 'entries', uuidv7(at), entryFields(i, me, at));
      }
    });
  }
  return { ms: performance.now() - t0, stored: await db.entries.count() };
}

/** One keystroke each: the value the input binding sets, then the autosave's write, committed. */
async function autosave(samples: number): Promise<number[]> {
  const form = new EntryForm(db, { entryId: null });
  await form.load();
  form.set('nama', 'Layanan antrian daring');
  await form.flush();
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < samples; i++) {
    text += 'abcdefghijklmnopqrstuvwxyz '[i % 27];
    const t0 = performance.now();
    form.set('tujuan', text);
    // flush() is what the 300 ms debounce timer calls; calling it directly times the work, not the wait.
    await form.flush();
    times.push(performance.now() - t0);
  }
  return times;
}

/** The page "Entri saya" shows first: the newest 50 (what EntryList reads before the rest). */
async function listHead(samples: number): Promise<{ times: number[]; entries: number }> {
  const me = await deviceId(db);
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const index = buildEntryIndex(await loadEntryListHead(db, me, 50));
    times.push(performance.now() - t0);
    entries = index.length;
  }
  return { times, entries };
}

/** The full index (search, filters, exact count), read after the newest page: once with no row
 * cache (every record read in batches; `firstBuild`), then from the cache the app keeps.
 * `longest` = the longest stretch the page could not run anything else (its longest task). */
async function list(
  samples: number,
): Promise<{ firstBuild: number; times: number[]; longest: number[]; entries: number }> {
  const me = await deviceId(db);
  await db.entryRows.clear();
  await db.meta.delete('entryRowsUpTo');
  const t0 = performance.now();
  const first = await loadEntryListData(db, me);
  buildEntryIndex(first);
  const firstBuild = performance.now() - t0;
  await saveEntryRows(db, first.update);
  const times: number[] = [];
  const longest: number[] = [];
  let entries = 0;
  for (let i = 0; i < samples; i++) {
    let worst = 0;
    const obs = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) worst = Math.max(worst, e.duration);
    });
    obs.observe({ type: 'longtask' });
    const t0 = performance.now();
    const index = buildEntryIndex(await loadEntryListData(db, me));
    times.push(performance.now() - t0);
    // Long tasks are reported after they end: one more task lets the last one arrive.
    await new Promise((r) => setTimeout(r, 0));
    for (const e of obs.takeRecords()) worst = Math.max(worst, e.duration);
    obs.disconnect();
    longest.push(worst);
    entries = index.length;
  }
  return { firstBuild, times, longest, entries };
}

/** Where the list's time goes: each read of loadEntryListData alone, then the in-memory index. */
async function listParts(): Promise<Record<string, number>> {
  const me = await deviceId(db);
  const parts: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    parts[name] = now - t;
    t = now;
  };
  await loadEntryListHead(db, me, 50);
  lap('loadEntryListHead (newest 50, their outbox state, drafts)');
  await db.entries.where('fields.authorId').equals(me).toArray();
  lap('entries by authorId (toArray)');
  await db.entries.toArray();
  lap('entries, whole table (Dexie toArray)');
  // The floor: the same read with plain IndexedDB, no Dexie.
  await new Promise<void>((resolve, reject) => {
    const req = db.backendDB().transaction('entries').objectStore('entries').getAll();
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
  lap('entries, whole table (plain IndexedDB getAll)');
  await db.outbox.orderBy('id').uniqueKeys();
  lap('outbox ids (uniqueKeys)');
  await db.outbox.where('state').equals('rejected').toArray();
  lap('outbox rejected');
  await db.drafts.toArray();
  lap('drafts');
  const data = await loadEntryListData(db, me);
  lap('loadEntryListData (all of it, one transaction)');
  buildEntryIndex(data);
  lap('buildEntryIndex (memory)');
  return parts;
}

async function search(
  qs: { q: string; tahapan?: string }[],
): Promise<{ times: number[]; meanMatches: number }> {
  const me = await deviceId(db);
  const index = buildEntryIndex(await loadEntryListData(db, me));
  const times: number[] = [];
  let matches = 0;
  for (const { q, tahapan } of qs) {
    const filters: EntryFilters = tahapan ? { tahapan } : {};
    const t0 = performance.now();
    const found = searchEntries(index, q, filters);
    times.push(performance.now() - t0);
    matches += found.length;
  }
  return { times, meanMatches: matches / Math.max(1, qs.length) };
}

const api = { seed, autosave, listHead, list, listParts, search, ready: true };
declare global {
  interface Window {
    __bench?: typeof api;
  }
}
window.__bench = api;
