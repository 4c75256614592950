/**
 * The device's replica has one owner: only src/app/db/ (which opens Dexie) and src/app/replica/
 * touch the tables of synced data, the outbox, history and meta, or import Dexie. Everything
 * else goes through their functions, so how records are stored, merged and stamped is decided
 * in one place. This test reads the sources and fails on a file that reaches in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The tests run from the repository's root (jsdom's URL cannot resolve import.meta.url here).
const APP = join(process.cwd(), 'src/app');
const OWNERS = ['db/', 'replica/'];

/** Synced records and the replica's own state (photos, drafts and row caches are not synced). */
const TABLES = 'entries|attachments|reviews|comments|workshops|conflicts|outbox|history|meta';
/** A Dexie handle (`d`, `db`, `appDb`, `this.#db`) used for a table or a transaction. In
 * components `d` is often plain data, so there only `db` and `appDb` count. */
const TS_ACCESS = new RegExp(`(?:\\b(?:d|db|appDb)|#db)\\.(?:(?:${TABLES})\\b|transaction\\(|table\\()`);
const SVELTE_ACCESS = new RegExp(`\\b(?:db|appDb)\\.(?:(?:${TABLES})\\b|transaction\\(|table\\()`);
const DEXIE_IMPORT = /from\s+'dexie'/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function offenders(): string[] {
  const out: string[] = [];
  for (const file of files(APP)) {
    const rel = relative(APP, file).replaceAll('\\', '/');
    if (OWNERS.some((o) => rel.startsWith(o))) continue;
    const svelte = rel.endsWith('.svelte');
    if (!svelte && !rel.endsWith('.ts')) continue;
    const text = readFileSync(file, 'utf8');
    text.split('\n').forEach((line, i) => {
      if (line.trim().startsWith('//') || line.trim().startsWith('*')) return;
      if ((svelte ? SVELTE_ACCESS : TS_ACCESS).test(line) || DEXIE_IMPORT.test(line))
        out.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

describe('the replica has one owner', () => {
  it('no file outside src/app/db/ and src/app/replica/ opens a Dexie table or imports Dexie', () => {
    expect(offenders()).toEqual([]);
  });

  it('the check sees a file that reaches in', () => {
    expect(TS_ACCESS.test('const e = await d.entries.get(id);')).toBe(true);
    expect(TS_ACCESS.test("await this.#db.transaction('rw', x, f);")).toBe(true);
    expect(SVELTE_ACCESS.test('const w = live(() => db.workshops.get(id));')).toBe(true);
    expect(SVELTE_ACCESS.test('d.reviews.find((r) => r.id === x)')).toBe(false);
    expect(DEXIE_IMPORT.test("import { liveQuery } from 'dexie';")).toBe(true);
  });
});
