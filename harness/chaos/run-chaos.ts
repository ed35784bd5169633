/**
 * `tokenstorm run --chaos N`: N random fault schedules (fast-check, seeded),
 * each played as a scenario and judged by the invariants. The first schedule
 * that breaks one is shrunk — fast-check's shrinking (fewer episodes, milder
 * faults, smaller bursts), then each remaining episode dropped in turn — to the
 * smallest that still breaks it, within a budget of runs, and written out as a
 * scenario file that replays it.
 */
import fc from 'fast-check';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { scheduleArbitrary, scheduleToScenario, type ChaosSchedule } from './chaos-schedule.ts';

export interface ChaosOptions {
  /** Random schedules to try before declaring the client clean. */
  runs: number;
  seed: number;
  variant: string;
  /** Runs spent shrinking a failing schedule; each is a full scenario run. */
  maxShrinkRuns?: number;
  maxEpisodes?: number;
  /** Plays one scenario (a fresh IdP and client each time). */
  play(scenario: Scenario): Promise<ScenarioRun>;
  onProgress?(progress: ChaosProgress): void;
}

export interface ChaosProgress {
  phase: 'explore' | 'shrink';
  /** 1-based count within the phase. */
  index: number;
  schedule: ChaosSchedule;
  run: ScenarioRun;
}

export interface ChaosFailure {
  /** The first schedule that broke an invariant, and the smallest one found from it. */
  found: ChaosSchedule;
  shrunk: ChaosSchedule;
  run: ScenarioRun;
  /** The shrunk schedule as a scenario file. */
  yaml: string;
  shrinkRuns: number;
}

export interface ChaosOutcome {
  runs: ScenarioRun[];
  failure: ChaosFailure | null;
}

export const DEFAULT_MAX_SHRINK_RUNS = 25;

export async function runChaos(options: ChaosOptions): Promise<ChaosOutcome> {
  const maxShrinkRuns = options.maxShrinkRuns ?? DEFAULT_MAX_SHRINK_RUNS;
  const meta = { name: chaosScenarioName(options.variant, options.seed), variant: options.variant, origin: `Found by "tokenstorm run --chaos ${options.runs} --variant ${options.variant} --seed ${options.seed}", then shrunk` };
  const runs: ScenarioRun[] = [];
  let explored = 0;
  let shrinkRuns = 0;
  let found: ChaosSchedule | null = null;
  let lastFailure: { schedule: ChaosSchedule; run: ScenarioRun } | null = null;
  // A schedule that could not be played at all is the harness failing, not the client: fast-check would count the
  // throw as a counterexample and shrink it, so it is kept aside, every later schedule is skipped, and it is rethrown.
  let crashed: { error: unknown; index: number } | undefined;

  const property = fc.asyncProperty(scheduleArbitrary(options.maxEpisodes), async (schedule) => {
    if (crashed) return true;
    if (found !== null) {
      // Out of shrink budget: report the candidate as passing, so fast-check settles on the smallest failure so far.
      if (shrinkRuns >= maxShrinkRuns) return true;
      shrinkRuns += 1;
    } else {
      explored += 1;
    }
    let run: ScenarioRun;
    try {
      run = await options.play(scheduleToScenario(schedule, meta).scenario);
    } catch (error) {
      crashed = { error, index: runs.length + 1 };
      return true;
    }
    runs.push(run);
    options.onProgress?.({ phase: found === null ? 'explore' : 'shrink', index: found === null ? explored : shrinkRuns, schedule, run });
    if (!run.passed) {
      found ??= schedule;
      lastFailure = { schedule, run };
    }
    return run.passed;
  });

  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed });
  if (crashed) throw new Error(`chaos: schedule ${crashed.index} could not be played: ${(crashed.error as Error).message ?? String(crashed.error)}`, { cause: crashed.error });
  // Anything else fast-check saw fail without a failing run (an error in generating a schedule) is not a pass either.
  if (details.failed && found === null) throw new Error(`chaos: fast-check stopped without a failing run: ${String(details.errorInstance ?? 'unknown error')}`);
  if (found === null || lastFailure === null) return { runs, failure: null };
  // fast-check adopts every failing candidate it tries, so the last failure seen is its shrunk counterexample.
  let smallest = lastFailure as { schedule: ChaosSchedule; run: ScenarioRun };
  // fast-check shrinks an array by dropping leading items; an episode after the one that matters is also tried alone.
  for (let index = 0; index < smallest.schedule.episodes.length && smallest.schedule.episodes.length > 1 && shrinkRuns < maxShrinkRuns; ) {
    const candidate = { ...smallest.schedule, episodes: smallest.schedule.episodes.filter((_, at) => at !== index) };
    shrinkRuns += 1;
    const run = await options.play(scheduleToScenario(candidate, meta).scenario);
    runs.push(run);
    options.onProgress?.({ phase: 'shrink', index: shrinkRuns, schedule: candidate, run });
    if (run.passed) index += 1;
    else smallest = { schedule: candidate, run };
  }
  const { schedule: shrunk, run } = smallest;
  return { runs, failure: { found, shrunk, run, yaml: scheduleToScenario(shrunk, meta).yaml, shrinkRuns } };
}

/** The kebab-case scenario name a chaos run's schedules play under, whatever the seed (negative ones too). */
export function chaosScenarioName(variant: string, seed: number): string {
  const sign = seed < 0 ? 'minus-' : '';
  return `chaos-${variant}-seed-${sign}${Math.abs(seed)}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
