import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_ATTACHMENT, RUN_PLAN_ENV, type RunPlan } from '../harness/runner/run-plan.ts';
import { parseResultsJson } from './read-results.ts';
import { sampleRuns } from './report-test-support.ts';
import TokenstormReporter from './tokenstorm-reporter.ts';

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

type Ended = [Partial<TestCase>, Partial<TestResult>];

/** A test that ended without attaching its run, as Playwright reports it. */
function ended(title: string, result: Partial<TestResult>, annotations: TestResult['annotations'] = [], repeatEachIndex = 0): Ended {
  return [{ title, repeatEachIndex, annotations: [] }, { attachments: [], annotations, duration: 90_004, ...result }];
}

/**
 * Feeds the reporter what Playwright would: the shard, one test per sample run
 * with its attachment, then `more` tests as given.
 */
async function report(mode: 'run' | 'matrix', shard: FullConfig['shard'], status: FullResult['status'] = 'passed', more: Ended[] = [], neverStarted: string[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'tokenstorm-reporter-'));
  roots.push(root);
  const reportDir = join(root, 'shard');
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const reporter = new TokenstormReporter({ reportDir, mode });
  // The suite as Playwright hands it over: tests that never start have no result.
  const unstarted = neverStarted.map((title) => ({ title, repeatEachIndex: 0, annotations: [], results: [], expectedStatus: 'passed' }));
  reporter.onBegin({ shard } as FullConfig, { allTests: () => unstarted } as unknown as Suite);
  sampleRuns().forEach((run, index) => {
    const { issuedTokens: _issued, ...history } = run.history;
    const attachment = { name: RUN_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify({ ...run, history })) };
    reporter.onTestEnd({ repeatEachIndex: index } as TestCase, { attachments: [attachment] } as unknown as TestResult);
  });
  for (const [test, result] of more) reporter.onTestEnd(test as TestCase, result as TestResult);
  const outcome = await reporter.onEnd({ status } as FullResult);
  const printed = log.mock.calls.map((call) => call.join(' ')).join('\n');
  const read = (file: string) => readFileSync(join(reportDir, file), 'utf8');
  return { outcome, printed, results: parseResultsJson(read('results.json'), 'results.json'), html: read('index.html'), junit: read('junit.xml') };
}

describe('TokenstormReporter', () => {
  it('records the mode, the shard and each run\'s repeat, so that shards can be merged', async () => {
    const { results, html } = await report('run', { current: 2, total: 3 });
    expect(results).toMatchObject({ mode: 'run', shard: { current: 2, total: 3 }, title: 'tokenstorm scenario run', driver: 'chromium (test)' });
    expect(results.runs.map((run) => run.repeat)).toEqual([0, 1]);
    expect(html).toContain('<title>tokenstorm scenario run</title>');
  });

  it('leaves the shard out of an unsharded run and keeps Playwright\'s status in run mode', async () => {
    const { results, outcome } = await report('run', null, 'failed');
    expect(results).not.toHaveProperty('shard');
    expect(outcome).toEqual({ status: 'failed' });
  });

  it('prints the catch matrix in matrix mode and lets it decide the status', async () => {
    const { outcome, printed } = await report('matrix', null, 'failed');
    expect(printed).toContain('catch matrix holds');
    expect(outcome).toEqual({ status: 'passed' });
    const interrupted = await report('matrix', null, 'interrupted');
    expect(interrupted.outcome).toEqual({ status: 'failed' });
  });

  it('writes junit.xml beside results.json, judging each run as its test did', async () => {
    const { junit, printed } = await report('run', null, 'failed');
    expect(junit).toMatch(/<testsuites name="tokenstorm scenarios" tests="2" failures="1" /);
    expect(printed).toContain('(results.json, junit.xml beside it)');
    expect((await report('matrix', null)).junit).toMatch(/<testsuites name="tokenstorm scenarios" tests="2" failures="0" /);
  });
});

describe('TokenstormReporter, for a test that ended before attaching its run', () => {
  const plan: RunPlan = { scenarios: [], variants: ['reference'], driver: 'chromium', seed: 40, timeScale: 20, reportDir: 'unused', mode: 'run' };
  const annotations = [
    { type: 'scenario', description: 'slow-refresh-timeout' },
    { type: 'variant', description: 'reference' },
    { type: 'driver', description: 'chromium (asked for)' },
  ];

  it('records a failing run from its annotations, Playwright\'s result and the run plan', async () => {
    vi.stubEnv(RUN_PLAN_ENV, JSON.stringify(plan));
    const timedOut = ended('slow-refresh-timeout [reference]', { status: 'timedOut', error: { message: '\u001b[31mTest timeout of 90000ms exceeded.\u001b[39m\n    at scenarios.spec.ts:27' } }, annotations, 1);
    const { results, junit, outcome } = await report('run', null, 'timedout', [timedOut]);
    expect(results.runs[2]).toEqual({
      scenario: 'slow-refresh-timeout',
      variant: 'reference',
      driver: 'chromium (asked for)',
      seed: 41,
      timeScale: 20,
      passed: false,
      failures: [],
      violations: [],
      error: 'test timedOut: Test timeout of 90000ms exceeded.',
      stepsRun: 0,
      durationMs: 90_004,
      history: { events: [] },
      repeat: 1,
      unfinished: true,
    });
    expect(results.totals).toEqual({ runs: 3, passed: 1, failed: 2 });
    expect(junit).toContain('<testcase name="slow-refresh-timeout [reference] (repeat 2)" classname="slow-refresh-timeout" time="90.004">');
    expect(junit).toContain('<property name="seed" value="41"/><property name="timeScale" value="20"/>');
    expect(junit).toContain('<failure message="test timedOut: Test timeout of 90000ms exceeded.">');
    expect(outcome).toEqual({ status: 'timedout' });
  });

  it('takes the scenario and variant from the title when the test ended before annotating, and says so when there is no message', async () => {
    const crashed = ended('revocation-while-online [no-revocation-check]', { status: 'failed', error: { message: 'Error: worker process exited unexpectedly (code=1)' } });
    const interrupted = ended('clock-skew [reference]', { status: 'interrupted' });
    const { results } = await report('run', null, 'interrupted', [crashed, interrupted]);
    expect(results.runs.slice(2).map(({ scenario, variant, driver, seed, timeScale, error }) => ({ scenario, variant, driver, seed, timeScale, error }))).toEqual([
      // Without a run plan: runScenario's default seed and time scale.
      { scenario: 'revocation-while-online', variant: 'no-revocation-check', driver: 'unknown', seed: 1, timeScale: 1, error: 'test failed: Error: worker process exited unexpectedly (code=1)' },
      { scenario: 'clock-skew', variant: 'reference', driver: 'unknown', seed: 1, timeScale: 1, error: 'test interrupted without reporting its run' },
    ]);
  });

  it('names the driver the plan asked for when the test ended before choosing one', async () => {
    vi.stubEnv(RUN_PLAN_ENV, JSON.stringify(plan));
    const { results } = await report('run', null, 'failed', [ended('clock-skew [reference]', { status: 'failed' }, annotations.slice(0, 2))]);
    expect(results.runs[2]!.driver).toBe('chromium (none chosen before the test ended)');
  });

  it('reports each test an interrupted suite never started as not run', async () => {
    const { results, junit } = await report('run', null, 'interrupted', [], ['server-error-storm [reference]']);
    expect(results.runs[2]).toMatchObject({ scenario: 'server-error-storm', variant: 'reference', passed: false, unfinished: true, error: 'did not run: the run was interrupted before this test started' });
    expect(results.totals).toEqual({ runs: 3, passed: 1, failed: 2 });
    expect(junit).toContain('<failure message="did not run: the run was interrupted before this test started">');
  });

  it('does not count a skipped test as a run', async () => {
    const { results } = await report('run', null, 'passed', [ended('clock-skew [reference]', { status: 'skipped', duration: 0 })]);
    expect(results.runs).toHaveLength(2);
  });

  it('fails a matrix whose buggy variant\'s test timed out: a test that never finished caught nothing', async () => {
    const timedOut = ended('slow-refresh-timeout [no-deadline]', { status: 'timedOut', error: { message: 'Test timeout of 90000ms exceeded.' } });
    const { outcome, printed, junit, html } = await report('matrix', null, 'failed', [timedOut]);
    expect(outcome).toEqual({ status: 'failed' });
    expect(printed).toContain('catch matrix holds');
    expect(printed).toContain('NOT OK: 1 test ended before its scenario run did (timed out, crashed or interrupted), catching nothing: slow-refresh-timeout × no-deadline (seed 1, repeat 0)');
    expect(printed).not.toMatch(/^\| slow-refresh-timeout/m);
    expect(junit).toMatch(/<testsuites [^>]*tests="3" failures="1" /);
    expect(html).toContain('test timedOut: Test timeout of 90000ms exceeded.');
  });
});
