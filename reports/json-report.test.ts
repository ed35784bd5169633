import { describe, expect, it } from 'vitest';
import { toResultsJson } from './json-report.ts';
import { parseResultsJson } from './read-results.ts';
import { PLANTED_JWT, PLANTED_REFRESH, sampleRuns } from './report-test-support.ts';

describe('toResultsJson', () => {
  const results = toResultsJson({ title: 'suite', createdAt: '2025-01-01T00:00:00Z', driver: 'chromium', mode: 'matrix', shard: { current: 2, total: 3 }, runs: sampleRuns() });

  it('counts passed and failed runs and keeps every event and violation', () => {
    expect(results.totals).toEqual({ runs: 2, passed: 1, failed: 1 });
    expect(results.runs[1]!.history.events).toHaveLength(9);
    expect(results.runs[1]!.violations[0]!.invariant).toBe('single-flight');
  });

  it('records the mode and the shard, so that shards can be merged and checked', () => {
    expect(results).toMatchObject({ mode: 'matrix', shard: { current: 2, total: 3 } });
    expect(toResultsJson({ title: 'suite', createdAt: '2025-01-01T00:00:00Z', driver: 'chromium', mode: 'run', runs: [] })).not.toHaveProperty('shard');
  });

  it('leaves out the issued tokens and redacts token-shaped strings', () => {
    const json = JSON.stringify(results);
    expect(json).not.toContain('issuedTokens');
    expect(json).not.toContain(PLANTED_JWT);
    expect(json).not.toContain(PLANTED_REFRESH);
    expect(json).toContain('fp:r1a2b3');
  });
});

describe('parseResultsJson', () => {
  const results = toResultsJson({ title: 'suite', createdAt: '2025-01-01T00:00:00Z', driver: 'chromium', mode: 'run', runs: sampleRuns() });

  it('reads back what toResultsJson wrote, runs and histories complete', () => {
    expect(parseResultsJson(JSON.stringify(results), 'shard/results.json')).toEqual(results);
  });

  it('names the file when the text is not JSON', () => {
    expect(() => parseResultsJson('{"runs": [', 'shard-2/results.json')).toThrow(/^shard-2\/results\.json: not valid JSON/);
  });

  it('names the file and the path inside it when a field is missing or of the wrong type', () => {
    const broken = JSON.parse(JSON.stringify(results)) as { runs: Array<Record<string, unknown>> };
    delete broken.runs[1]!.history;
    broken.runs[0]!.passed = 'yes';
    const parse = () => parseResultsJson(JSON.stringify(broken), 'shard-2/results.json');
    expect(parse).toThrow(expect.objectContaining({ code: 'RESULTS_INVALID' }));
    expect(parse).toThrow(/shard-2\/results\.json: runs\[0\]\.passed: .*boolean/);
    expect(parse).toThrow(/shard-2\/results\.json: runs\[1\]\.history: /);
  });

  it('refuses an unknown mode', () => {
    expect(() => parseResultsJson(JSON.stringify({ ...results, mode: 'chaos' }), 'r.json')).toThrow(/r\.json: mode: /);
  });
});
