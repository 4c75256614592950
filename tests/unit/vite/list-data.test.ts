/**
 * The list-data chunk (scripts/vite/list-data.ts) holds what "Entri saya" reaches and the shell
 * does not: a module the shell imports must stay in the shell's chunks, or the shell would load
 * Dexie through a static import of the group chunk before it can paint.
 */
import { listDataModules, staticClosure } from '../../../scripts/vite/list-data.ts';

// main → App → (svelte, session → ids); entries-data → db → dexie, entries-data → ids, list.
const GRAPH: Record<string, string[]> = {
  main: ['App', 'svelte'],
  App: ['session', 'svelte'],
  session: ['ids'],
  ids: [],
  svelte: [],
  'entries-data': ['db', 'ids', 'list'],
  db: ['dexie'],
  dexie: [],
  list: ['svelte', 'db'],
};
const importsOf = (id: string) => GRAPH[id] ?? null;

describe('list-data chunk', () => {
  it('the static closure follows every import once, the roots included', () => {
    expect([...staticClosure(['entries-data'], importsOf)].sort()).toEqual(
      ['db', 'dexie', 'entries-data', 'ids', 'list', 'svelte'].sort(),
    );
  });

  it('holds what the list reaches and the shell does not', () => {
    expect([...listDataModules('main', ['entries-data'], importsOf)].sort()).toEqual(
      ['db', 'dexie', 'entries-data', 'list'].sort(),
    );
  });

  it('leaves a module out once the shell imports it too', () => {
    const graph: Record<string, string[]> = { ...GRAPH, session: ['ids', 'db'] };
    const out = listDataModules('main', ['entries-data'], (id) => graph[id] ?? null);
    expect([...out].sort()).toEqual(['entries-data', 'list']);
  });
});
