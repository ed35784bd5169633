import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig, FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_ATTACHMENT } from '../harness/runner/run-plan.ts';
import { parseResultsJson } from './read-results.ts';
import { sampleRuns } from './report-test-support.ts';
import TokenstormReporter from './tokenstorm-reporter.ts';

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Feeds the reporter what Playwright would: the shard, then one test per run with its attachment. */
async function report(mode: 'run' | 'matrix', shard: FullConfig['shard'], status: FullResult['status'] = 'passed') {
  const root = mkdtempSync(join(tmpdir(), 'tokenstorm-reporter-'));
  roots.push(root);
  const reportDir = join(root, 'shard');
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const reporter = new TokenstormReporter({ reportDir, mode });
  reporter.onBegin({ shard } as FullConfig);
  sampleRuns().forEach((run, index) => {
    const { issuedTokens: _issued, ...history } = run.history;
    const attachment = { name: RUN_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify({ ...run, history })) };
    reporter.onTestEnd({ repeatEachIndex: index } as TestCase, { attachments: [attachment] } as unknown as TestResult);
  });
  const outcome = await reporter.onEnd({ status } as FullResult);
  const printed = log.mock.calls.map((call) => call.join(' ')).join('\n');
  return { outcome, printed, results: parseResultsJson(readFileSync(join(reportDir, 'results.json'), 'utf8'), 'results.json'), html: readFileSync(join(reportDir, 'index.html'), 'utf8') };
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
});
