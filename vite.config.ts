import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// The version a build carries: the package version unless LUMBUNG_VERSION says otherwise
// (the e2e update test builds two versions that must differ).
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const APP_VERSION = process.env.LUMBUNG_VERSION ?? pkg.version;

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  build: {
    // Phones from the last few years; no legacy bundle (it would double what a 3G link fetches).
    target: 'es2022',
    sourcemap: false,
    // Separate output dirs let the e2e update test keep version A and B side by side.
    outDir: process.env.LUMBUNG_OUT_DIR ?? 'dist',
    emptyOutDir: true,
  },
  plugins: [
    svelte(),
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
