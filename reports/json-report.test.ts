import { describe, expect, it } from 'vitest';
import { toResultsJson } from './json-report.ts';
import { PLANTED_JWT, PLANTED_REFRESH, sampleRuns } from './report-test-support.ts';

describe('toResultsJson', () => {
  const results = toResultsJson({ title: 'suite', createdAt: '2025-01-01T00:00:00Z', driver: 'chromium', runs: sampleRuns() });

  it('counts passed and failed runs and keeps every event and violation', () => {
    expect(results.totals).toEqual({ runs: 2, passed: 1, failed: 1 });
    expect(results.runs[1]!.history.events).toHaveLength(9);
    expect(results.runs[1]!.violations[0]!.invariant).toBe('single-flight');
  });

  it('leaves out the issued tokens and redacts token-shaped strings', () => {
    const json = JSON.stringify(results);
    expect(json).not.toContain('issuedTokens');
    expect(json).not.toContain(PLANTED_JWT);
    expect(json).not.toContain(PLANTED_REFRESH);
    expect(json).toContain('fp:r1a2b3');
  });
});
