/**
 * The reference, in Chromium: PouchDB (pouchdb-browser 9, IndexedDB adapter) replicating the
 * same 10,000 entries to express-pouchdb on loopback, then into a fresh database. Replication
 * uses PouchDB's defaults (batches of 100), as its users run it.
 */
// @ts-expect-error pouchdb-browser ships no types (bench/node_modules, reference only)
import PouchDB from 'pouchdb-browser';
import { uuidv7 } from '../../src/core/index.ts';
import { entryFields } from './entries.ts';

interface Db {
  bulkDocs(docs: object[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  destroy(): Promise<unknown>;
}
interface PouchStatic {
  new (name: string): Db;
  replicate(
    from: Db | string,
    to: Db | string,
    opts?: object,
  ): Promise<{ docs_written: number; ok: boolean }>;
}
const Pouch = PouchDB as PouchStatic;

async function seed(name: string, n: number): Promise<{ ms: number; docs: number }> {
  const t0 = performance.now();
  const db = new Pouch(name);
  const base = Date.now() - n * 1000;
  for (let start = 0; start < n; start += 500) {
    const docs = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const at = base + i * 1000;
      docs.push({ _id: uuidv7(at), ...entryFields(i, 'bench-device', at) });
    }
    await db.bulkDocs(docs);
  }
  return { ms: performance.now() - t0, docs: (await db.info()).doc_count };
}

async function replicate(from: string, to: string): Promise<{ ms: number; written: number; docs: number }> {
  const remote = (s: string) => s.startsWith('http');
  const src = remote(from) ? from : new Pouch(from);
  const dst = remote(to) ? to : new Pouch(to);
  const t0 = performance.now();
  const r = await Pouch.replicate(src, dst);
  const ms = performance.now() - t0;
  const docs = remote(to) ? -1 : (await (dst as Db).info()).doc_count;
  return { ms, written: r.docs_written, docs };
}

const api = { seed, replicate, ready: true };
declare global {
  interface Window {
    __pouch?: typeof api;
  }
}
window.__pouch = api;
