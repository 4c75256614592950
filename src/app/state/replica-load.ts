/**
 * The device's database (Dexie, ~31 KB gz) loads after the first paint, not with the shell:
 * the header, the navigation and the frame of "Entri saya" show while it is on its way.
 * main.ts starts the load at once, so it streams in beside the shell's own work; everything
 * that reads IndexedDB on the first screen awaits this one promise (the module system keeps
 * one copy of the database, shared with the lazy screens that import db.ts directly).
 */
import type { LumbungDb } from '../db/db.ts';

export function loadDb(): Promise<LumbungDb> {
  return import('../db/db.ts').then((m) => m.db);
}
