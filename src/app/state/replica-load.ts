/**
 * The device's database (Dexie, in the list-data chunk with what "Entri saya" reads) is not part
 * of the shell: the header, the navigation and the frame of "Entri saya" show without it.
 * index.html preloads that chunk, so it downloads beside the shell; main.ts evaluates it at
 * once. Everything that reads IndexedDB on the first screen awaits this one promise (the module
 * system keeps one copy of the database, shared with the lazy screens that import db.ts).
 */
import type { LumbungDb } from '../db/db.ts';

export function loadDb(): Promise<LumbungDb> {
  return import('../db/db.ts').then((m) => m.db);
}
