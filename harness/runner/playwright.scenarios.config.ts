/** Playwright Test configuration for `tokenstorm run` / `matrix`: the scenario suite and its reports (junit.xml too: see reports/junit-report.ts). */
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { readRunPlan } from './run-plan.ts';

const plan = readRunPlan();

// The runner process (workers have TEST_WORKER_INDEX): Playwright stops gracefully on SIGINT only, and dies at once
// on SIGTERM — the signal CI systems cancel a job with — taking the report with it. Both stop the run the same way.
if (process.env.TEST_WORKER_INDEX === undefined) {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.kill(process.pid, 'SIGINT'));
  // Output piped to a reader that left (`| head`): the run and its report go on without a terminal.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

export default defineConfig({
  testDir: '.',
  testMatch: 'scenarios.spec.ts',
  outputDir: join(plan.reportDir, 'artifacts'),
  timeout: 120_000,
  retries: 0,
  fullyParallel: true,
  reporter: [
    [join(import.meta.dirname, 'progress-reporter.ts'), { seed: plan.seed }],
    [join(import.meta.dirname, '../../reports/tokenstorm-reporter.ts'), { reportDir: plan.reportDir, mode: plan.mode }],
  ],
});
