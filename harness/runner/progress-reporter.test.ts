import { describe, expect, it } from 'vitest';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ProgressReporter from './progress-reporter.ts';

describe('ProgressReporter', () => {
  it('prints one line per scenario run as it ends, and none of Playwright’s account of a failure', () => {
    const lines: string[] = [];
    const reporter = new ProgressReporter({ write: (line) => lines.push(line), seed: 7 });
    reporter.onBegin({ workers: 2, shard: { current: 1, total: 3 } } as FullConfig, { allTests: () => [{}, {}] } as unknown as Suite);
    const failed = { status: 'failed', duration: 1, errors: [{ message: 'expect(received).toBe(expected)' }] } as unknown as TestResult;
    reporter.onTestEnd({ title: 'server-error-storm [no-backoff]' } as TestCase, failed);
    reporter.onTestEnd({ title: 'server-error-storm [reference]', repeatEachIndex: 1 } as TestCase, { status: 'passed', duration: 1 } as TestResult);
    expect(lines).toEqual(['Running 2 scenario runs with 2 workers, shard 1/3', '  FAIL 1/2  server-error-storm [no-backoff]', '  ok   2/2  server-error-storm [reference] (repeat 2, seed 8)']);
  });
});
