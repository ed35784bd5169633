import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseResultsJson } from '../../reports/read-results.ts';
import { replayPath, runChaosCommand, type ChaosCommandOptions } from './chaos-command.ts';
import { fakeRun } from '../chaos/chaos-test-support.ts';

const SCENARIO_FILE = 'chaos-clears-on-transient-seed-7.yaml';
/** What a run under way says when the interrupt closed its browser before the harness stopped it. */
/** What a step whose page the stop closed throws. */
const CLOSED_PAGE = 'page.waitForFunction: Target page, context or browser has been closed';

let root: string;
let printed: string[];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tokenstorm chaos-command '));
  printed = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function options(overrides: Partial<ChaosCommandOptions>): ChaosCommandOptions {
  return { runs: 3, maxShrinkRuns: 5, variant: 'clears-on-transient', driver: 'auto', seed: 7, timeScale: 5, reportDir: join(root, 'report'), print: (line) => printed.push(line), ...overrides };
}

const results = () => parseResultsJson(readFileSync(join(root, 'report', 'results.json'), 'utf8'), 'results.json');

describe.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('runChaosCommand on %s', (signal) => {
  it('stops the run under way, reports what ran with the failure found, says it was interrupted and exits 128 + the signal', async () => {
    const signals = new EventEmitter();
    const plays: Array<{ at: number; aborted: boolean }> = [];
    let reportedAtSignal: string[] = [];
    // The interrupted run stopped at its last step (the generated schedule decides which step that is).
    let stoppedAt = '';
    const code = await runChaosCommand(
      options({
        signals,
        play: async (scenario, stop) => {
          plays.push({ at: plays.length + 1, aborted: stop.aborted });
          // The first schedule fails for real; the interrupt comes while shrinking it.
          if (plays.length === 1) return fakeRun(scenario, false);
          signals.emit(signal);
          expect(stop.aborted).toBe(true);
          // Written at once: Playwright's own SIGINT handler may end the process before this run is torn down.
          reportedAtSignal = results().runs.map((run) => run.label ?? '');
          stoppedAt = `step ${scenario.steps.length} (${scenario.steps.at(-1)!.kind})`;
          return fakeRun(scenario, false, { error: `${stoppedAt}: ${CLOSED_PAGE}`, stepsRun: scenario.steps.length - 1 });
        },
      }),
    );

    expect(code).toBe({ SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal]);
    expect(plays).toEqual([{ at: 1, aborted: false }, { at: 2, aborted: false }]);
    expect(reportedAtSignal).toEqual([`schedule 1, minimal: replayed by ${SCENARIO_FILE}`]);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM') + signals.listenerCount('SIGHUP')).toBe(0);

    const report = results();
    expect(report.title).toBe(`tokenstorm chaos: clears-on-transient, seed 7 — interrupted by ${signal} after 2 run(s)`);
    expect(report.runs.map((run) => run.label)).toEqual([`schedule 1, minimal: replayed by ${SCENARIO_FILE}`, 'shrink step 1']);
    expect(report.runs[1]).toMatchObject({ unfinished: true, passed: false, violations: [], error: `${stoppedAt}: interrupted by ${signal}; the run was stopped and not judged` });
    expect(stoppedAt).toMatch(/^step \d+ \(waitFor\)$/);
    expect(existsSync(join(root, 'report', 'index.html'))).toBe(true);
    expect(readFileSync(join(root, 'report', 'junit.xml'), 'utf8')).toContain(`${stoppedAt}: interrupted by ${signal}`);

    const scenarioFile = join(root, 'report', SCENARIO_FILE);
    const replay = `tokenstorm run '${scenarioFile}' --variant clears-on-transient --seed 7 --time-scale 5`;
    expect(readFileSync(scenarioFile, 'utf8').split('\n')[0]).toBe(`# Written by tokenstorm chaos mode. Replay: ${replay}`);

    const output = printed.join('\n');
    expect(output).toContain(`chaos: ${signal}: stopping the run under way; what ran so far is reported in ${join(root, 'report', 'index.html')}`);
    expect(output).toMatch(new RegExp(`shrink {3}1 {2}STOP .*\\n {14}${stoppedAt.replace(/[()]/g, '\\$&')}: interrupted by`));
    expect(output).toContain('shrinking interrupted after 1 run(s); the smallest so far:');
    expect(output).toContain(`replay: ${replay}`);
    expect(output).toContain(`chaos: interrupted by ${signal} after 2 run(s); the run it cut short is reported as interrupted, not judged`);
    // The closed page was the interrupt's doing, not the client's: it is nowhere.
    expect(output).not.toContain('Target page');
    expect(JSON.stringify(report)).not.toContain('Target page');
  });
});

describe('runChaosCommand', () => {
  it('prints a replay command that pastes: the path quoted, the driver named when it was not auto', async () => {
    const code = await runChaosCommand(options({ runs: 1, maxShrinkRuns: 0, driver: 'chromium', timeScale: 2.5, signals: new EventEmitter(), play: async (scenario) => fakeRun(scenario, false) }));
    expect(code).toBe(1);
    const scenarioFile = join(root, 'report', SCENARIO_FILE);
    const replay = `tokenstorm run '${scenarioFile}' --variant clears-on-transient --seed 7 --time-scale 2.5 --driver chromium`;
    expect(printed).toContain(`replay: ${replay}`);
    expect(printed).toContain('  (with --trace on, the replay also writes a Playwright trace of the client: its windows step by step)');
    expect(readFileSync(scenarioFile, 'utf8').split('\n')[0]).toBe(`# Written by tokenstorm chaos mode. Replay: ${replay}`);
  });

  it('writes the report of what ran before a schedule that could not be played', async () => {
    let plays = 0;
    const run = runChaosCommand(
      options({
        signals: new EventEmitter(),
        play: async (scenario) => {
          plays += 1;
          if (plays === 2) throw new Error('the IdP could not start');
          return fakeRun(scenario, true);
        },
      }),
    );
    await expect(run).rejects.toThrow('chaos: schedule 2 could not be played: the IdP could not start');
    expect(results()).toMatchObject({ title: 'tokenstorm chaos: clears-on-transient, seed 7 — stopped: chaos: schedule 2 could not be played: the IdP could not start', runs: [{ label: 'schedule 1', passed: true }] });
  });
});

describe('replayPath', () => {
  it('names a scenario file below the working directory relative to it, and any other in full', () => {
    expect(replayPath(join(process.cwd(), 'reports', 'out', 'chaos-x.yaml'))).toBe(join('reports', 'out', 'chaos-x.yaml'));
    expect(replayPath(join(tmpdir(), 'elsewhere', 'chaos-x.yaml'))).toBe(join(tmpdir(), 'elsewhere', 'chaos-x.yaml'));
  });
});
