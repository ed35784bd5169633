/**
 * Playwright Test runs the end-to-end specs in harness/e2e against the built
 * client through a driver (TOKENSTORM_DRIVER: auto | electron | chromium).
 * Screenshots and traces go to reports/out/e2e (git-ignored).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './harness/e2e',
  outputDir: './reports/out/e2e/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two cores here: one worker per core, each with its own mock IdP.
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: './reports/out/e2e/html', open: 'never' }]],
  use: { trace: 'retain-on-failure' },
});
