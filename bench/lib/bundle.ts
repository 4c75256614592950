/**
 * Bundles the benchmark pages' scripts (bench/browser/*.ts) with Vite and the Svelte plugin, so
 * they run the app's own modules (src/app/db, src/app/state, src/app/sync) in Chromium exactly as
 * the app does, without any hook in the app itself.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { join } from 'node:path';
import { build } from 'vite';
import { StaticServer } from '../../tests/harness/static-server.ts';
import { BENCH_DIR, ROOT, tempDir } from './paths.ts';

/**
 * Build `entries` (names of files in bench/browser without .ts) into one folder of ES modules.
 * `srcDir`: the app's src/ the pages' `../../src/` imports use (another tree: a baseline's).
 * `moved`: for such a tree, where a module the pages import lived then (path under src/ now →
 * path under src/ in that tree), for the modules a later change moved.
 */
export async function bundleBenchPages(
  entries: string[],
  outDir: string = tempDir('pages'),
  srcDir?: string,
  moved: Record<string, string> = {},
): Promise<string> {
  const exact = (path: string) =>
    new RegExp(`^\\.\\./\\.\\./src/${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const alias = srcDir
    ? [
        ...Object.entries(moved).map(([now, then]) => ({
          find: exact(now),
          replacement: `${srcDir}/${then}`,
        })),
        { find: /^\.\.\/\.\.\/src\//, replacement: `${srcDir}/` },
      ]
    : [];
  await build({
    configFile: false,
    root: ROOT,
    ...(srcDir ? { resolve: { alias } } : {}),
    logLevel: 'warn',
    plugins: [svelte({ configFile: join(ROOT, 'svelte.config.js') })],
    define: { __APP_VERSION__: JSON.stringify('bench') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // A profiled run (BENCH_PROFILE, sync.ts) is for reading, not for the table: keep names.
      minify: !process.env.BENCH_PROFILE,
      sourcemap: false,
      modulePreload: false,
      copyPublicDir: false,
      rollupOptions: {
        input: Object.fromEntries(entries.map((e) => [e, join(BENCH_DIR, 'browser', `${e}.ts`)])),
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', format: 'es' },
      },
    },
  });
  return outDir;
}

/** A blank page that loads one bundled bench script. */
export function benchPageHtml(script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body><script type="module" src="${script}"></script></body></html>`;
}

/**
 * The built app at / and the bench pages at /__bench/ on one origin, so a bench page writes
 * into the very IndexedDB the app then reads (the tests' static server, tests/harness): /api/
 * answers 404, as when the sync server is unreachable, and nothing is cached.
 */
export async function serveAppAndPages(distDir: string, pagesDir: string): Promise<StaticServer> {
  const server = new StaticServer(distDir, {
    cache: 'none',
    mount: { prefix: '/__bench/', dir: pagesDir, page: (name) => benchPageHtml(`/__bench/${name}.js`) },
  });
  await server.start();
  return server;
}
