import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import type { OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';
import { inlineEntryCss } from './scripts/vite/inline-entry-css.ts';
import { listData } from './scripts/vite/list-data.ts';

/**
 * Two things done to the written files (writeBundle: Vite's own generateBundle still rewrites
 * the entry, its preload map, after other plugins; the service worker's precache list is made
 * after this):
 * - V8's explicit compile hint (Chrome 136+) on the chunks the first screen runs at once (the
 *   entry and what it imports statically): compiled eagerly on a background thread while they
 *   stream in, instead of function by function on the main thread the first time each is called
 *   (in the first-visit profile, lazy compiles were a large part of the tasks after first paint).
 *   Other browsers read it as a comment. Lazy chunks keep the default.
 * - Brotli (quality 11) and gzip copies of every script, stylesheet and index.html, which the
 *   server sends as they are (serveStatic precompressed): about a sixth fewer bytes than gzip
 *   made on the fly, over the hall's struggling Wi-Fi, and no compression work per request.
 */
function firstScreenFiles(): Plugin {
  return {
    name: 'lumbung:first-screen-files',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
      const entry = chunks.filter((c) => c.isEntry && c.fileName.startsWith('assets/'));
      const eager = new Set(entry.flatMap((c) => [c.fileName, ...c.imports]));
      for (const name of eager) {
        const file = join(dir, name);
        writeFileSync(file, `//# allFunctionsCalledOnLoad\n${readFileSync(file, 'utf8')}`);
      }
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html)$/.test(name)) continue;
        const bytes = readFileSync(join(dir, name));
        writeFileSync(
          join(dir, `${name}.br`),
          brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// The version a build carries: the package version unless LUMBUNG_VERSION says otherwise
// (the e2e update test builds two versions that must differ).
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const APP_VERSION = process.env.LUMBUNG_VERSION ?? pkg.version;

const firstScreenData = listData();

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  build: {
    // Phones from the last few years; no legacy bundle (it would double what a 3G link fetches).
    target: 'es2022',
    sourcemap: false,
    // Separate output dirs let the e2e update test keep version A and B side by side.
    outDir: process.env.LUMBUNG_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    rolldownOptions: { output: { codeSplitting: firstScreenData.codeSplitting } },
  },
  plugins: [
    svelte(),
    inlineEntryCss(),
    firstScreenData.plugin,
    firstScreenFiles(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // The user decides when a new version takes over (UpdatePrompt): autoUpdate would reload
      // every open tab and lose what is being typed.
      registerType: 'prompt',
      // We register ourselves with workbox-window (src/app/pwa/register.svelte.ts).
      injectRegister: false,
      manifest: {
        name: 'Lumbung Inovasi',
        short_name: 'Lumbung',
        lang: 'id',
        dir: 'ltr',
        description: 'Pendataan ide inovasi pelayanan publik di lokakarya, juga tanpa internet.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#14532d',
        background_color: '#fbf8f1',
        categories: ['productivity', 'government'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The shell only; the manifest and its icons are added by the plugin itself.
        globPatterns: ['**/*.{js,css,html}'],
        rollupFormat: 'iife',
        target: 'es2022',
        sourcemap: false,
        minify: true,
      },
      devOptions: { enabled: false },
    }),
  ],
});
