/**
 * A schema upgrade on a real phone's IndexedDB: a database left by the previous release
 * (Dexie schema version 2, IndexedDB version 20) holds an entry and an outbox row; the app opens
 * it at its newest version (12: version 3 dropped two entry indexes, 12 added one on
 * attachments), and in Chromium's own IndexedDB every row is still there and the two indexes
 * version 3 drops are gone. (tests/unit/app/db/schema.test.ts proves the same over fake-indexeddb.)
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { DB_NAME, SCHEMA_V2 } from '../../src/app/db/db.ts';
import { heading, tx } from './lib/app.ts';

/** IndexedDB's layout of a Dexie schema: per table its key path, auto-increment and indexes. */
interface StoreSpec {
  name: string;
  keyPath: string;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean }[];
}

/** Dexie's schema syntax ('++seq, &changeId, [a+b], c') as the stores Dexie creates for it. */
function storesOf(schema: Record<string, string>): StoreSpec[] {
  return Object.entries(schema).map(([name, spec]) => {
    const [pk, ...rest] = spec.split(',').map((s) => s.trim());
    return {
      name,
      keyPath: pk!.replace(/^\+\+/, ''),
      autoIncrement: pk!.startsWith('++'),
      indexes: rest.map((ix) => {
        const unique = ix.startsWith('&');
        const bare = ix.replace(/^&/, '');
        const keyPath = bare.startsWith('[') ? bare.slice(1, -1).split('+') : bare;
        return { name: bare, keyPath, unique };
      }),
    };
  });
}

test('schema upgrade: an IndexedDB left by version 2 opens at the newest version in Chromium with every row kept', async (t) => {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'));
  t.defer(() => context.close());
  const page = await firstPage(context);

  // A page of the app's origin that does not run the app (the worker's script, shown as text;
  // both the real and the static server have it): the old database is made first.
  await page.goto(server.url + '/sw.js');
  await page.evaluate(
    async ({ name, stores }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name, 20);
        req.onupgradeneeded = () => {
          for (const s of stores) {
            const store = req.result.createObjectStore(s.name, {
              keyPath: s.keyPath,
              autoIncrement: s.autoIncrement,
            });
            for (const ix of s.indexes) store.createIndex(ix.name, ix.keyPath, { unique: ix.unique });
          }
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('open failed'));
      });
      const tx = db.transaction(['entries', 'outbox'], 'readwrite');
      tx.objectStore('entries').put({
        table: 'entries',
        id: 'lama-1',
        fields: { nama: 'Inovasi dari versi lama', opd: 'Dinas Sosial', workshopId: 'ws-1', authorId: 'p1' },
        stamps: {},
        bases: {},
        updatedAt: 1,
      });
      tx.objectStore('outbox').add({
        changeId: 'c-lama-1',
        table: 'entries',
        id: 'lama-1',
        fields: { nama: 'Inovasi dari versi lama' },
        stamps: { nama: '001700000000000-00000-dev-lama' },
        bases: { nama: null },
        createdAt: 1,
        state: 'pending',
        attempts: 0,
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      });
      db.close();
    },
    { name: DB_NAME, stores: storesOf(SCHEMA_V2) },
  );

  // The new release opens it.
  await page.goto(server.url + '/');
  assert.equal(await heading(page), tx('list.title'));
  await page.waitForFunction(
    async (name) => (await indexedDB.databases()).some((d) => d.name === name && d.version === 120),
    DB_NAME,
    { timeout: 15_000 },
  );
  const after = await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const tx = db.transaction(['entries', 'outbox'], 'readonly');
    const entries = tx.objectStore('entries');
    // (No named helper here: the test's compiler would wrap it in a function the page lacks.)
    const [entry, outbox] = await Promise.all(
      [entries.get('lama-1'), tx.objectStore('outbox').getAll()].map(
        (req: IDBRequest) =>
          new Promise<unknown>((resolve, reject) => {
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error ?? new Error('read failed'));
          }),
      ),
    );
    const result = {
      version: db.version,
      indexes: [...entries.indexNames].sort(),
      entry: entry as { fields: { nama: string } } | undefined,
      outbox: outbox as { changeId: string }[],
    };
    db.close();
    return result;
  }, DB_NAME);

  assert.equal(after.version, 120, 'Dexie schema version 12');
  assert.deepEqual(after.indexes, ['[fields.authorId+updatedAt]', 'updatedAt']);
  assert.equal(after.entry?.fields.nama, 'Inovasi dari versi lama', 'the entry is kept');
  assert.deepEqual(
    after.outbox.map((r) => r.changeId),
    ['c-lama-1'],
    'the change waiting to be sent is kept',
  );
});
