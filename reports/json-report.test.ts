import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html-report.ts';
import { RESULTS_SCHEMA_VERSION, toResultsJson } from './json-report.ts';
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

  it("keeps what each run's scenario teaches: its title and paragraph", () => {
    expect(results.runs.map(({ title, teaches }) => ({ title, teaches }))).toEqual(sampleRuns().map(({ title, teaches }) => ({ title, teaches })));
    expect(results.runs[0]!.title).toBe('The access token expires mid-request');
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

  it('records its schema version, reads a file without one as the first, and refuses a newer one by name', () => {
    expect(results.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    const { schemaVersion: _, ...unversioned } = results;
    expect(parseResultsJson(JSON.stringify(unversioned), 'old/results.json').runs).toHaveLength(2);
    expect(() => parseResultsJson(JSON.stringify({ ...results, schemaVersion: RESULTS_SCHEMA_VERSION + 1 }), 'new/results.json')).toThrow(
      `new/results.json: written by a newer tokenstorm (schemaVersion ${RESULTS_SCHEMA_VERSION + 1}); this one reads schemaVersion ${RESULTS_SCHEMA_VERSION} and older`,
    );
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

  it("reads a results.json written before runs carried their scenario's title and paragraph", () => {
    const old = JSON.parse(JSON.stringify(results)) as { runs: Array<Record<string, unknown>> };
    for (const run of old.runs) {
      delete run.title;
      delete run.teaches;
    }
    const read = parseResultsJson(JSON.stringify(old), 'old/results.json');
    expect(read.runs.map((run) => [run.title, run.teaches])).toEqual([[undefined, undefined], [undefined, undefined]]);
    expect(renderHtmlReport({ ...read, runs: read.runs })).toContain('data-testid="run"');
  });

  it('refuses a title or paragraph that is not text', () => {
    const broken = JSON.parse(JSON.stringify(results)) as { runs: Array<Record<string, unknown>> };
    broken.runs[1]!.teaches = { text: 'nested' };
    expect(() => parseResultsJson(JSON.stringify(broken), 'r.json')).toThrow(/r\.json: runs\[1\]\.teaches: /);
  });

  it('refuses an unknown mode', () => {
    expect(() => parseResultsJson(JSON.stringify({ ...results, mode: 'chaos' }), 'r.json')).toThrow(/r\.json: mode: /);
  });
});
