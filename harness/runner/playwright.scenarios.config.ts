/** Playwright Test configuration for `tokenstorm run` / `matrix`: the scenario suite and its reports. */
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { readRunPlan } from './run-plan.ts';

const plan = readRunPlan();

export default defineConfig({
  testDir: '.',
  testMatch: 'scenarios.spec.ts',
  outputDir: join(plan.reportDir, 'artifacts'),
  timeout: 90_000,
  retries: 0,
  fullyParallel: true,
  reporter: [
    ['list'],
    ['junit', { outputFile: join(plan.reportDir, 'junit.xml') }],
    [join(import.meta.dirname, '../../reports/tokenstorm-reporter.ts'), { reportDir: plan.reportDir, mode: plan.mode }],
  ],
});
