import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'harness/e2e/**', 'reports/out/**', 'electron-app/out/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // electron-store imports `electron` itself: run it through Vite so the main-process tests' vi.mock('electron') reaches it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
