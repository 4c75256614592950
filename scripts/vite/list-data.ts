/**
 * "Entri saya" is the first screen, and its list needs the device's database: Dexie and the
 * modules that read the list (src/app/screens/entries-data.ts and what it imports). They stay
 * out of the shell's own scripts, so the shell runs without them, but they are needed at once:
 * - one chunk (`list-data`) instead of the dozen small ones the automatic splitting made
 *   (modules shared with the lazy screens): on a 3G link every request is a round trip of
 *   400 ms and more, and a phone opens six connections at most;
 * - preloaded from index.html (`<link rel="modulepreload">`), so it downloads beside the shell
 *   instead of after the shell has run and asked for it: one round trip in the chain instead
 *   of two before the list shows.
 * The chunk holds exactly what the list reaches through static imports and the shell does not;
 * lazy screens that share its modules import them from it (it is always loaded by then).
 */
import type { Plugin } from 'vite';

export const LIST_DATA_CHUNK = 'list-data';

/** What the module graph tells about one module: its static imports. */
export type StaticImports = (id: string) => readonly string[] | null;

/** Every module reached from `roots` through static imports, the roots included. */
export function staticClosure(roots: readonly string[], importsOf: StaticImports): Set<string> {
  const seen = new Set<string>(roots);
  const todo = [...roots];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    for (const next of importsOf(id) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(next);
    }
  }
  return seen;
}

/** The modules of the list-data chunk: reached from the list's roots and not from the shell. */
export function listDataModules(
  shellEntry: string,
  listRoots: readonly string[],
  importsOf: StaticImports,
): Set<string> {
  const shell = staticClosure([shellEntry], importsOf);
  const out = new Set<string>();
  for (const id of staticClosure(listRoots, importsOf)) if (!shell.has(id)) out.add(id);
  return out;
}

const isShellEntry = (id: string) => /[\\/]src[\\/]app[\\/]main\.ts$/.test(id);
const isListRoot = (id: string) => /[\\/]src[\\/]app[\\/]screens[\\/]entries-data\.ts$/.test(id);

/**
 * The plugin, and the chunk group it fills (for `build.rolldownOptions.output.codeSplitting`):
 * the group's test reads the set the plugin computed from the finished module graph.
 */
export function listData(): {
  plugin: Plugin;
  codeSplitting: {
    includeDependenciesRecursively: false;
    groups: { name: string; test: (id: string) => boolean }[];
  };
} {
  let modules = new Set<string>();
  const plugin: Plugin = {
    name: 'lumbung:list-data',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const entry = ids.find(isShellEntry);
      const roots = ids.filter(isListRoot);
      // The service worker's own build (vite-plugin-pwa) has neither: nothing to group there.
      if (!entry || roots.length === 0) {
        modules = new Set();
        return;
      }
      modules = listDataModules(entry, roots, (id) => this.getModuleInfo(id)?.importedIds ?? null);
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.name === LIST_DATA_CHUNK);
        if (chunk?.type !== 'chunk') return html;
        // The chunk and what it imports that index.html does not name already.
        const files = [chunk.fileName, ...chunk.imports].filter((f) => !html.includes(`/${f}"`));
        return {
          html,
          tags: files.map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          })),
        };
      },
    },
  };
  return {
    plugin,
    codeSplitting: {
      includeDependenciesRecursively: false,
      groups: [{ name: LIST_DATA_CHUNK, test: (id) => modules.has(id) }],
    },
  };
}
