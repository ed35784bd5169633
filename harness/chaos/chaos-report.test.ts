import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeReports } from '../../reports/merge-reports.ts';
import { writeReport } from '../../reports/write-report.ts';
import { chaosReportedRuns, chaosSearchText } from './chaos-report.ts';
import { describeSchedule } from './chaos-schedule.ts';
import { runChaos, type ChaosOutcome } from './run-chaos.ts';
import { playAgainstClearsOn429 } from './chaos-test-support.ts';

let outcome: ChaosOutcome;
let root: string;
beforeEach(async () => {
  outcome = await runChaos({ runs: 50, seed: 3, variant: 'clears-on-transient', maxShrinkRuns: 6, play: playAgainstClearsOn429() });
  root = mkdtempSync(join(tmpdir(), 'tokenstorm-chaos-report-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('chaosReportedRuns', () => {
  it('names every run of the one scenario apart, in the order they ran, each with its schedule', () => {
    const runs = chaosReportedRuns(outcome);
    const explored = outcome.runs.filter((run) => run.phase === 'explore').length;
    expect(new Set(runs.map((run) => run.scenario))).toEqual(new Set(['chaos-clears-on-transient-seed-3']));
    expect(runs.map((run) => run.label!.split(',')[0])).toEqual([
      ...Array.from({ length: explored }, (_, at) => `schedule ${at + 1}`),
      ...Array.from({ length: 6 }, (_, at) => `shrink step ${at + 1}`),
    ]);
    expect(runs.map((run) => run.schedule)).toEqual(outcome.runs.map((run) => describeSchedule(run.schedule)));
  });

  it('marks the minimal failing run, the one the scenario file replays, and no other', () => {
    const runs = chaosReportedRuns(outcome);
    const marked = runs.filter((run) => run.replay !== undefined);
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({ replay: outcome.failure!.replay, passed: false, label: expect.stringMatching(/, minimal: replayed by chaos-clears-on-transient-seed-3\.yaml$/) });
    expect(runs.indexOf(marked[0]!)).toBe(outcome.runs.indexOf(outcome.failure!.minimal));
    // The shrink steps between the failure found and its minimal form are means, not findings (JUnit skips them).
    expect(runs.filter((run) => run.shrinkStep).map((run) => run.label)).toEqual(runs.filter((run) => run.label!.startsWith('shrink step') && run.replay === undefined).map((run) => run.label));
    expect(runs.filter((run) => run.shrinkStep).length).toBeGreaterThan(0);
  });

  it('heads every run with what the search teaches, not with one schedule\'s "found by …, then shrunk"', () => {
    const runs = chaosReportedRuns({ ...outcome, runs: outcome.runs.map((played) => ({ ...played, run: { ...played.run, title: 'Chaos schedule for x: 2 episode(s)', teaches: 'Found by "…", then shrunk' } })) });
    expect(new Set(runs.map((run) => run.title))).toEqual(new Set(['Chaos: random transient-fault schedules against clears-on-transient']));
    expect(new Set(runs.map((run) => run.teaches))).toEqual(new Set([chaosSearchText('clears-on-transient').teaches]));
    expect(chaosSearchText('clears-on-transient').teaches).toMatch(/^Each run played one random schedule/);
  });

  it('reports a run the interruption cut short as unfinished, as an interrupted suite test is', () => {
    const cut = { ...outcome.runs[0]!, interrupted: true as const };
    const [reported] = chaosReportedRuns({ runs: [cut], failure: null, interrupted: true });
    expect(reported).toMatchObject({ unfinished: true, label: 'schedule 1' });
  });

  it('gives junit.xml a testcase name per run, and merge-reports takes the report as it is', async () => {
    const dir = join(root, 'chaos');
    writeReport(dir, { mode: 'run', title: 'tokenstorm chaos', createdAt: '2026-11-26T11:00:00.000Z', runs: chaosReportedRuns(outcome) });
    const names = [...readFileSync(join(dir, 'junit.xml'), 'utf8').matchAll(/<testcase name="([^"]*)"/g)].map((match) => match[1]);
    expect(names).toHaveLength(outcome.runs.length);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('chaos-clears-on-transient-seed-3 [clears-on-transient] (schedule 1)');

    const merged = await mergeReports([dir], join(root, 'merged'));
    expect(merged.merged.runs.map((run) => run.label)).toEqual(chaosReportedRuns(outcome).map((run) => run.label));
  });
});
