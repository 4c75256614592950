import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Unit, component and fault suites. The PWA plugin stays out of here on purpose:
// service-worker behaviour is proven in real Chromium (tests/e2e), not in jsdom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          globals: true,
          // A test that asserts nothing fails.
          expect: { requireAssertions: true },
          include: [
            'tests/unit/core/**/*.test.ts',
            'tests/unit/server/**/*.test.ts',
            'tests/fault/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
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
