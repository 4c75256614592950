/**
 * What the first screen loads before it paints: the modules main.ts reaches through static
 * imports. Dexie and zod are big (about 31 and 25 KB gz) and the first paint needs neither, so
 * they load right after it (state/replica-load.ts, lazy screens). The size itself is measured by
 * `npm run bench -- bundle-size`; this test names the import that would drag either back in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The tests run from the repository's root (jsdom's URL cannot resolve import.meta.url here).
const ROOT = process.cwd();
const ENTRY = join(ROOT, 'src/app/main.ts');
/** Static imports only: `import x from '…'`, `import '…'`, `export … from '…'`; not `import('…')`. */
const STATIC = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const code = file.endsWith('.svelte') ? (/<script[^>]*>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '') : text;
  return [...code.matchAll(STATIC)]
    .filter((m) => !/^\s*(?:import|export)\s+type\s/.test(m[0]))
    .map((m) => m[1]!);
}

/** Every module reached from `entry` by static imports, with the chain that reached it. */
function reach(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    for (const spec of staticImports(file)) {
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : spec;
      if (seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      if (spec.startsWith('.') && existsSync(target) && /\.(ts|svelte)$/.test(target)) todo.push(target);
    }
  }
  return seen;
}

const chain = (c: string[]) => c.map((f) => (f.startsWith(ROOT) ? relative(ROOT, f) : f)).join(' → ');

describe('the first screen', () => {
  const reached = reach(ENTRY);

  it('imports neither Dexie nor zod before it paints', () => {
    const heavy = [...reached.entries()]
      .filter(([m]) => m === 'dexie' || m === 'zod' || m.endsWith('/core/zod.ts'))
      .map(([, c]) => chain(c));
    expect(heavy).toEqual([]);
  });

  it('the walk sees the shell (a walk that found nothing would pass the test above)', () => {
    expect(reached.has(join(ROOT, 'src/app/App.svelte'))).toBe(true);
    expect(reached.has('svelte')).toBe(true);
  });
});
