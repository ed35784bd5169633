import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderJunitReport } from './junit-report.ts';
import { mergeReports } from './merge-reports.ts';
import { parseResultsJson } from './read-results.ts';
import { PLANTED_JWT, PLANTED_REFRESH, sampleRuns, writeShardReport, type ShardFixture } from './report-test-support.ts';
import type { ReportedRun } from './reported-run.ts';
import { summarizeSuite } from './suite-summary.ts';
import { unfinishedRun } from './unfinished-run.ts';

const [passing, failing]: ReportedRun[] = sampleRuns();
if (!passing || !failing) throw new TypeError('sampleRuns() holds a passing and a failing run');
const restart: ReportedRun = { ...passing, scenario: 'restart-after-days', durationMs: 420 };

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tokenstorm-merge-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function shard(name: string, fixture: ShardFixture): string {
  const dir = join(root, name);
  writeShardReport(dir, fixture);
  return dir;
}

const out = () => join(root, 'merged');
const readOut = (file: string) => readFileSync(join(out(), file), 'utf8');

describe('mergeReports', () => {
  it('merges every shard\'s runs, with histories, into results.json and index.html', async () => {
    const dirs = [
      shard('shard-1', { mode: 'matrix', shard: { current: 1, total: 2 }, runs: [failing], createdAt: '2025-06-01T12:00:05.000Z' }),
      shard('shard-2', { mode: 'matrix', shard: { current: 2, total: 2 }, runs: [restart, passing], createdAt: '2025-06-01T12:00:02.000Z' }),
    ];
    const outcome = await mergeReports(dirs, out());

    const results = parseResultsJson(readOut('results.json'), 'merged/results.json');
    expect(results).toMatchObject({ mode: 'matrix', createdAt: '2025-06-01T12:00:02.000Z', totals: { runs: 3, passed: 2, failed: 1 }, title: 'tokenstorm catch matrix (merged from 2 reports)' });
    expect(results).not.toHaveProperty('shard');
    expect(results.runs.map((run) => `${run.scenario} × ${run.variant}`)).toEqual(['expiry-mid-request × reference', 'restart-after-days × reference', 'two-windows-refresh × no-single-flight']);
    expect(results.runs[2]!.history.events).toHaveLength(9);
    expect(results.runs[2]!.violations[0]!.invariant).toBe('single-flight');

    const html = readOut('index.html');
    expect(html.match(/data-testid="run"/g)).toHaveLength(3);
    expect(html).toContain('POST /oauth/token → 200 rotated');
    expect(html).toContain('<span data-testid="totals"><b>2</b> passed · <b>1</b> failed · 3 runs</span>');
    expect(outcome.page).toBe(join(out(), 'index.html'));
  });

  it("links each run's Playwright traces from the merged report, where the shards left them", async () => {
    const traces = [
      { path: 'artifacts/run-a/trace/launch-1.zip', redacted: false },
      { path: 'artifacts/run-a/trace/launch-2.zip', redacted: true },
      { path: 'artifacts/run-a/trace/launch-3.zip', redacted: false, removed: 'it could not be read to take the tokens out (invalid zip data)' },
    ];
    const dirs = [shard('shard-1', { mode: 'run', shard: { current: 1, total: 2 }, runs: [{ ...failing, traces }] }), shard('shard-2', { mode: 'run', shard: { current: 2, total: 2 }, runs: [passing] })];
    mkdirSync(join(dirs[0]!, 'artifacts', 'run-a', 'trace'), { recursive: true });
    writeFileSync(join(dirs[0]!, traces[0]!.path), 'trace 1');
    await mergeReports(dirs, out());

    const results = parseResultsJson(readOut('results.json'), 'merged/results.json');
    const merged = results.runs.find((run) => run.traces)!.traces!;
    // Copied into the merged report, which then holds all it links; one the shard does not have is linked where it was to be.
    expect(merged.map((trace) => trace.path)).toEqual(['traces/1/artifacts/run-a/trace/launch-1.zip', '../shard-1/artifacts/run-a/trace/launch-2.zip', '../shard-1/artifacts/run-a/trace/launch-3.zip']);
    expect(readOut('traces/1/artifacts/run-a/trace/launch-1.zip')).toBe('trace 1');
    const html = readOut('index.html');
    expect(html).toContain('<a href="traces/1/artifacts/run-a/trace/launch-1.zip" download>launch 1</a> <code>npx playwright show-trace traces/1/artifacts/run-a/trace/launch-1.zip</code></li>');
    expect(html).toContain('launch 2</a> <code>npx playwright show-trace ../shard-1/artifacts/run-a/trace/launch-2.zip</code> <small>(the tokens the client showed its windows are replaced by their fingerprints, and its screenshots removed)</small>');
    expect(html).toContain('<li>launch 3: removed, it could not be read to take the tokens out (invalid zip data)</li>');
    expect(html.match(/data-testid="traces"/g)).toHaveLength(1);
  });

  it('judges a matrix as the reporter does: the same summary and catch matrix over all the runs', async () => {
    const dirs = [
      shard('shard-1', { mode: 'matrix', shard: { current: 1, total: 2 }, runs: [failing] }),
      shard('shard-2', { mode: 'matrix', shard: { current: 2, total: 2 }, runs: [passing] }),
    ];
    const outcome = await mergeReports(dirs, out());
    expect(outcome.holds).toBe(true);
    expect(outcome.summary.text).toBe(summarizeSuite([passing, failing], 'matrix').text);
    expect(outcome.summary.text).toContain('catch matrix holds');
  });

  it('fails a matrix whose reference failed in any shard', async () => {
    const dirs = [
      shard('shard-1', { mode: 'matrix', shard: { current: 1, total: 2 }, runs: [{ ...failing, variant: 'reference' }] }),
      shard('shard-2', { mode: 'matrix', shard: { current: 2, total: 2 }, runs: [passing] }),
    ];
    const outcome = await mergeReports(dirs, out());
    expect(outcome.holds).toBe(false);
    expect(outcome.summary.text).toContain('catch matrix does NOT hold: reference failed two-windows-refresh;');
  });

  it('holds a run only when every run of every shard passed', async () => {
    const passed = await mergeReports([shard('a', { mode: 'run', shard: { current: 1, total: 2 }, runs: [passing] }), shard('b', { mode: 'run', shard: { current: 2, total: 2 }, runs: [restart] })], join(root, 'ok'));
    expect(passed.holds).toBe(true);
    const failed = await mergeReports([shard('c', { mode: 'run', shard: { current: 1, total: 2 }, runs: [passing] }), shard('d', { mode: 'run', shard: { current: 2, total: 2 }, runs: [failing] })], out());
    expect(failed.holds).toBe(false);
    expect(failed.summary.text).toContain('1 passed, 1 failed');
  });

  it('writes junit.xml from the merged runs, as the reporter writes a single run\'s', async () => {
    await mergeReports([shard('shard-1', { mode: 'run', runs: [passing, restart] }), shard('shard-2', { mode: 'run', runs: [failing] })], out());
    expect(readOut('junit.xml')).toBe(renderJunitReport({ mode: 'run', createdAt: '2025-06-01T12:00:00.000Z', runs: [passing, restart, failing] }));
    expect(readOut('junit.xml')).toContain('<testsuites name="tokenstorm scenarios" tests="3" failures="1" errors="0" skipped="0" time="2.790">');
  });

  it('ignores the shards\' own junit.xml, even a broken one', async () => {
    const dir = shard('shard-1', { mode: 'run', runs: [passing] });
    writeFileSync(join(dir, 'junit.xml'), '<testsuites><testsuite>');
    const outcome = await mergeReports([dir], out());
    expect(outcome.holds).toBe(true);
    expect(readOut('junit.xml').match(/<testcase /g)).toHaveLength(1);
  });

  it('writes a report but does not hold when a shard of the split is missing', async () => {
    const dirs = [shard('shard-1', { mode: 'run', shard: { current: 1, total: 3 }, runs: [passing] }), shard('shard-3', { mode: 'run', shard: { current: 3, total: 3 }, runs: [restart] })];
    const outcome = await mergeReports(dirs, out());
    expect(outcome.merged.missingShards).toEqual(['2/3']);
    expect(outcome.holds).toBe(false);
    expect(outcome.problems).toEqual(['incomplete: no report for shard 2/3; its scenarios are not in the merged report']);
    expect(existsSync(join(out(), 'index.html'))).toBe(true);
  });

  it('does not hold with no runs at all', async () => {
    const outcome = await mergeReports([shard('shard-1', { mode: 'matrix', runs: [] })], out());
    expect(outcome.holds).toBe(false);
    expect(outcome.problems).toContain('no scenario runs in the merged reports');
  });

  it('does not hold a matrix with a test that ended before its run did, and fails that test in junit.xml', async () => {
    const timedOut = unfinishedRun({ title: 'restart-after-days [no-single-flight]', repeatEachIndex: 0, annotations: [] }, { status: 'timedOut', duration: 90_000, annotations: [], error: { message: 'Test timeout of 90000ms exceeded.' } }, { driver: 'chromium', seed: 7, timeScale: 1 });
    const dirs = [
      shard('shard-1', { mode: 'matrix', shard: { current: 1, total: 2 }, runs: [passing, failing] }),
      shard('shard-2', { mode: 'matrix', shard: { current: 2, total: 2 }, runs: [timedOut] }),
    ];
    const outcome = await mergeReports(dirs, out());
    expect(outcome.summary.matrix?.holds).toBe(true);
    expect(outcome.holds).toBe(false);
    expect(outcome.summary.text).toContain('NOT OK: 1 test ended before its scenario run did (timed out, crashed or interrupted), catching nothing: restart-after-days × no-single-flight (seed 7, repeat 0)');
    expect(parseResultsJson(readOut('results.json'), 'merged/results.json').runs.find((run) => run.scenario === 'restart-after-days')).toMatchObject({ unfinished: true, error: 'test timedOut: Test timeout of 90000ms exceeded.' });
    expect(readOut('junit.xml')).toMatch(/<testsuites [^>]*tests="3" failures="1" /);
    expect(readOut('junit.xml')).toContain('<failure message="test timedOut: Test timeout of 90000ms exceeded.">');
  });

  it('takes the mode of a report that did not record it from its title', async () => {
    const legacy = shard('legacy', { mode: 'matrix', runs: [failing] });
    const file = join(legacy, 'results.json');
    const { mode: _mode, ...unrecorded } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(unrecorded));
    const outcome = await mergeReports([legacy], out());
    expect(outcome.merged.mode).toBe('matrix');
    expect(outcome.holds).toBe(true);
  });

  it('merges a chaos report: the runs of its one scenario are told apart by their labels, in the order they ran', async () => {
    const chaos = ['schedule 1', 'shrink step 1', 'shrink step 2, minimal: replayed by two-windows-refresh.yaml'].map((label) => ({ ...failing, label }));
    const outcome = await mergeReports([shard('chaos', { mode: 'run', runs: [...chaos, passing] })], out());
    expect(outcome.merged.runs.map((run) => run.label ?? run.scenario)).toEqual(['expiry-mid-request', ...chaos.map((run) => run.label)]);
    expect(readOut('junit.xml').match(/<testcase /g)).toHaveLength(4);
  });

  it('never writes a token', async () => {
    await mergeReports([shard('shard-1', { mode: 'run', runs: [passing] }), shard('shard-2', { mode: 'run', runs: [failing] })], out());
    for (const file of ['results.json', 'index.html', 'junit.xml']) {
      for (const token of [PLANTED_JWT, PLANTED_REFRESH, PLANTED_JWT.slice(0, 40)]) expect(readOut(file)).not.toContain(token);
    }
  });
});

describe('mergeReports refuses', () => {
  const refusal = (code: string, message: RegExp | string) => expect.objectContaining({ code, message: typeof message === 'string' ? message : expect.stringMatching(message) });

  it('a directory without results.json, naming the file', async () => {
    const good = shard('shard-1', { mode: 'run', runs: [passing] });
    const empty = join(root, 'empty');
    writeShardReport(empty, { mode: 'run', runs: [] });
    rmSync(join(empty, 'results.json'));
    await expect(mergeReports([good, empty], out())).rejects.toEqual(refusal('RESULTS_MISSING', `${join(empty, 'results.json')}: not found — expected the --report directory of a "tokenstorm run" or "tokenstorm matrix" shard`));
    await expect(mergeReports([join(root, 'nope')], out())).rejects.toEqual(refusal('RESULTS_MISSING', `${join(root, 'nope')}: no such directory`));
    expect(existsSync(out())).toBe(false);
  });

  it('an unparsable results.json, naming the file', async () => {
    const dir = shard('shard-1', { mode: 'run', runs: [passing] });
    writeFileSync(join(dir, 'results.json'), '{"title": "cut sho');
    await expect(mergeReports([dir], out())).rejects.toEqual(refusal('RESULTS_INVALID', new RegExp(`^${join(dir, 'results.json')}: not valid JSON`)));
  });

  it('a history event the timeline could not draw, naming the event and the field', async () => {
    const dir = shard('shard-1', { mode: 'run', runs: [passing] });
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { runs: Array<{ history: { events: unknown[] } }> };
    results.runs[0]!.history.events.push({ source: 'client', seq: 999, t: 1 });
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    const at = results.runs[0]!.history.events.length - 1;
    await expect(mergeReports([dir], out())).rejects.toEqual(refusal('RESULTS_INVALID', new RegExp(`^${join(dir, 'results.json')}: runs\\[0\\]\\.history\\.events\\[${at}\\]\\.type: `)));
    results.runs[0]!.history.events[at] = { source: 'idp', seq: 999, type: 'request', outcome: 'ok' };
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    await expect(mergeReports([dir], out())).rejects.toEqual(refusal('RESULTS_INVALID', new RegExp(`events\\[${at}\\]\\.rt: `)));
    expect(existsSync(out())).toBe(false);
  });

  it('reports of a run and of a matrix', async () => {
    const run = shard('run-shard', { mode: 'run', runs: [passing] });
    const matrix = shard('matrix-shard', { mode: 'matrix', runs: [failing] });
    await expect(mergeReports([run, matrix], out())).rejects.toEqual(refusal('MODES_DIFFER', `${join(matrix, 'results.json')}: a "matrix" report, but ${join(run, 'results.json')} is a "run" report; merge the shards of one "tokenstorm run" or one "tokenstorm matrix" at a time`));
  });

  it('shards of different splits, and the same shard twice', async () => {
    const oneOfTwo = shard('a', { mode: 'run', shard: { current: 1, total: 2 }, runs: [passing] });
    const twoOfThree = shard('b', { mode: 'run', shard: { current: 2, total: 3 }, runs: [restart] });
    const oneOfTwoAgain = shard('c', { mode: 'run', shard: { current: 1, total: 2 }, runs: [] });
    await expect(mergeReports([oneOfTwo, twoOfThree], out())).rejects.toEqual(refusal('SHARDS_DIFFER', /b\/results\.json: shard 2\/3, but .*a\/results\.json is shard 1\/2/));
    await expect(mergeReports([oneOfTwo, oneOfTwoAgain], out())).rejects.toEqual(refusal('DUPLICATE_SHARD', /c\/results\.json: shard 1\/2 again \(also .*a\/results\.json\)/));
  });

  it('a run found in two reports, listing each one and where', async () => {
    const first = shard('first', { mode: 'run', runs: [passing, failing] });
    const second = shard('second', { mode: 'run', runs: [{ ...failing, passed: true }, restart, { ...passing, repeat: 1 }] });
    const error = await mergeReports([first, second], out()).catch((caught: unknown) => caught);
    expect(error).toEqual(refusal('DUPLICATE_RUNS', /^1 run reported by more than one shard:\n/));
    expect((error as Error).message).toContain(`  two-windows-refresh × no-single-flight (seed 7) in both ${join(first, 'results.json')} and ${join(second, 'results.json')}`);
    expect((error as Error).message).toContain('did two shards run with the same --shard?');
  });

  it('a run listed twice in one report, saying so rather than blaming two shards', async () => {
    const dir = shard('one', { mode: 'run', runs: [failing, passing, failing] });
    const error = await mergeReports([dir], out()).catch((caught: unknown) => caught);
    expect(error).toEqual(refusal('DUPLICATE_RUNS', /^1 run listed more than once in one report:\n/));
    expect((error as Error).message).toContain(`  two-windows-refresh × no-single-flight (seed 7) more than once in ${join(dir, 'results.json')}\n`);
    expect((error as Error).message).not.toContain('shard');
    expect(existsSync(out())).toBe(false);
  });

  it('the same directory twice', async () => {
    const dir = shard('shard-1', { mode: 'run', runs: [passing] });
    await expect(mergeReports([dir, `${dir}/`], out())).rejects.toEqual(refusal('DIR_REPEATED', `${dir}/: given twice (also as ${dir})`));
  });
});
