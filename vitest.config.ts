import { defineConfig } from 'vitest/config';

// .scratch is git-ignored working space: its files are no part of the suite.
const EXCLUDE = ['node_modules/**', 'harness/e2e/**', 'reports/out/**', 'electron-app/out/**', '.scratch/**'];
/**
 * The client core and the property suite: pure modules (no mocks, no stubs, no
 * module state between files), so their files share one module graph per
 * worker instead of importing it again each (the suite's wall time was mostly
 * that: ~28 s isolated, ~15 s shared, for ~11 s of tests).
 */
const PURE = ['harness/properties/**/*.test.ts', 'electron-app/src/core/**/*.test.ts'];

export default defineConfig({
  test: {
    // include and exclude are each project's own: a project extending this config would add to them, not replace them.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // electron-store imports `electron` itself: run it through Vite so the main-process tests' vi.mock('electron') reaches it.
    server: { deps: { inline: ['electron-store'] } },
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, exclude: EXCLUDE, isolate: false } },
      { extends: true, test: { name: 'integration', include: ['**/*.test.ts'], exclude: [...EXCLUDE, ...PURE] } },
    ],
  },
});
