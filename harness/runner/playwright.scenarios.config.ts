/** Playwright Test configuration for `tokenstorm run` / `matrix`: the scenario suite and its reports (junit.xml too: see reports/junit-report.ts). */
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { readRunPlan } from './run-plan.ts';

const plan = readRunPlan();

export default defineConfig({
  testDir: '.',
  testMatch: 'scenarios.spec.ts',
  outputDir: join(plan.reportDir, 'artifacts'),
  timeout: 120_000,
  retries: 0,
  fullyParallel: true,
  reporter: [
    ['list'],
    [join(import.meta.dirname, '../../reports/tokenstorm-reporter.ts'), { reportDir: plan.reportDir, mode: plan.mode }],
  ],
});
