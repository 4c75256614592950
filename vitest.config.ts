import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { fileURLToPath } from 'node:url';

// Tests import the code they test as `$src/…` (tsconfig.tests.json has the same path), so a
// test file can sit beside its subject's mirror in tests/ without climbing `../../../../`.
const alias = { $src: fileURLToPath(new URL('./src', import.meta.url)) };

// Unit, component and fault suites. The PWA plugin stays out of here on purpose:
// service-worker behaviour is proven in real Chromium (tests/e2e), not in jsdom.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the machine's cores: one worker on our 2-core
    // machines and CI, so every file ran after the other while the main process waited.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          globals: true,
          // A test that asserts nothing fails.
          expect: { requireAssertions: true },
          globalSetup: ['tests/setup/pg-schemas.ts'],
          include: [
            'tests/unit/core/**/*.test.ts',
            'tests/unit/server/**/*.test.ts',
            'tests/unit/vite/**/*.test.ts',
            'tests/fault/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
        resolve: { alias },
        test: {
          name: 'browser-sim',
          environment: 'jsdom',
          globals: true,
          // A test that asserts nothing fails.
          expect: { requireAssertions: true },
          include: ['tests/unit/app/**/*.test.ts', 'tests/component/**/*.test.ts'],
          setupFiles: ['tests/setup/jsdom.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
