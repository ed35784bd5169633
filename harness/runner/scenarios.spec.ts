/**
 * The scenario suite as Playwright Test tests — one per scenario × variant —
 * so sharding, workers, retries-off and traces come from Playwright. Started by
 * `tokenstorm run` / `tokenstorm matrix` (see harness/cli), not by `playwright test` alone.
 */
import { test, expect } from '@playwright/test';
import { rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { failureReasons, mustPass, toReportedRun } from '../../reports/reported-run.ts';
import { loadScenario, loadScenarios } from '../scenarios/load-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import type { ScenarioRun } from './run-scenario.ts';
import { RUN_ATTACHMENT, readRunPlan } from './run-plan.ts';

const plan = readRunPlan();
const scenarios: Scenario[] = plan.scenarios.length > 0 ? await Promise.all(plan.scenarios.map((file) => loadScenario(file))) : (await loadScenarios()).map((loaded) => loaded.scenario);

/**
 * The run of the test under way. A test that runs out of time is abandoned by Playwright, and its run with it:
 * afterEach stops the run, so that its client, profile and keychain (the encrypted tokens and their key) do not
 * outlive it, and reports what it got through.
 */
let underWay: { controller: AbortController; run: Promise<ScenarioRun> } | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!underWay) return;
  const { controller, run } = underWay;
  underWay = undefined;
  controller.abort(new Error(stopReason(testInfo.status, testInfo.timeout)));
  const stopped = keptTraces(await run);
  await testInfo.attach(RUN_ATTACHMENT, { body: JSON.stringify({ ...toReportedRun(stopped), unfinished: true }), contentType: 'application/json' });
});

/** Why a run was stopped, as Playwright ended its test: out of time, or interrupted (Ctrl-C, a cancelled CI job). */
function stopReason(status: string | undefined, timeoutMs: number): string {
  if (status === 'timedOut') return `the test ran out of time (${timeoutMs} ms)`;
  if (status === 'interrupted') return 'the run was interrupted (Ctrl-C or a stopped job)';
  return `the test ended (${status ?? 'unknown'}) before its run did`;
}

/**
 * The run's traces as the report links them (relative to it, so the folder can be copied as a whole); under
 * `--trace retain-on-failure` a run that passed keeps none.
 */
function keptTraces(run: ScenarioRun): ScenarioRun {
  if (!run.traces) return run;
  if (plan.trace === 'retain-on-failure' && run.passed) {
    for (const dir of new Set(run.traces.map((trace) => dirname(trace.path)))) rmSync(dir, { recursive: true, force: true });
    const { traces: _dropped, ...rest } = run;
    return rest;
  }
  return { ...run, traces: run.traces.map((trace) => ({ ...trace, path: relative(plan.reportDir, trace.path) })) };
}

for (const scenario of scenarios) {
  for (const variant of plan.variants.length > 0 ? plan.variants : [scenario.client.variant]) {
    test(`${scenario.name} [${variant}]`, async ({}, testInfo) => {
      // For the reporter, which reports a test that ends before attaching its run as a failing run of this scenario × variant.
      testInfo.annotations.push({ type: 'scenario', description: scenario.name }, { type: 'variant', description: variant });
      // Imported here, not at the top: the runner process only lists tests and never loads the IdP or the drivers.
      const [{ selectDriver }, { runScenario }] = await Promise.all([import('../drivers/select-driver.ts'), import('./run-scenario.ts')]);
      const selected = selectDriver(plan.driver);
      testInfo.annotations.push({ type: 'driver', description: selected.reason });
      const controller = new AbortController();
      const traceDir = plan.trace && plan.trace !== 'off' ? testInfo.outputPath('trace') : undefined;
      underWay = { controller, run: runScenario(scenario, { driver: selected, variant, seed: plan.seed + testInfo.repeatEachIndex, timeScale: plan.timeScale, signal: controller.signal, ...(traceDir ? { traceDir } : {}) }) };
      const run = keptTraces(await underWay.run);
      // Stopped for running out of time: afterEach, waiting on the same run, reports it as unfinished.
      if (controller.signal.aborted) return;
      underWay = undefined;
      await testInfo.attach(RUN_ATTACHMENT, { body: JSON.stringify(toReportedRun(run)), contentType: 'application/json' });
      // In a matrix a buggy variant failing is what is being measured; the reporter judges the catch matrix.
      if (mustPass(plan.mode, variant)) expect(run.passed, failureReasons(run).join('\n')).toBe(true);
    });
  }
}
