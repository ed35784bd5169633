/**
 * `tokenstorm run --chaos N`: N random fault schedules (fast-check, seeded),
 * each played as a scenario and judged by the invariants. The first schedule
 * that breaks one is shrunk — fast-check's shrinking (fewer episodes, milder
 * faults, smaller bursts), then each remaining episode dropped in turn — to the
 * smallest that still breaks it, within a budget of runs, and written out as a
 * scenario file that replays it. A signal stops the search between two runs or
 * cuts the one under way short; what ran until then is the outcome.
 */
import fc from 'fast-check';
import { whereInRun, type ScenarioRun } from '../runner/run-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { scheduleArbitrary, scheduleToScenario, type ChaosSchedule, type ChaosScenarioMeta } from './chaos-schedule.ts';
import { chaosCommandLine, replayCommandLine, type ChaosInvocation } from './replay-command.ts';

export interface ChaosOptions extends ChaosInvocation {
  /** Random schedules to try before declaring the client clean. */
  runs: number;
  /** Runs spent shrinking a failing schedule; each is a full scenario run. */
  maxShrinkRuns?: number;
  maxEpisodes?: number;
  /** Where the shrunk scenario is written, as the replay command names it; its file name by default. */
  scenarioFile?: string;
  /** Plays one scenario (a fresh IdP and client each time). */
  play(scenario: Scenario): Promise<ScenarioRun>;
  /** Once aborted, no schedule is played, and a run it cut short is neither a pass nor a counterexample. */
  signal?: AbortSignal;
  /** After each run: the run, and the outcome as it stands (what an interruption now would report). */
  onProgress?(run: ChaosRun, soFar: ChaosOutcome): void;
}

/** One schedule played. */
export interface ChaosRun {
  phase: 'explore' | 'shrink';
  /** 1-based count within the phase. */
  index: number;
  schedule: ChaosSchedule;
  run: ScenarioRun;
  /** The signal cut it short: its failure is the interruption's, not the client's. */
  interrupted?: true;
}

export interface ChaosFailure {
  /** The first schedule that broke an invariant. */
  found: ChaosSchedule;
  /** The smallest failing run: the shrunk schedule, or the smallest so far when shrinking was interrupted. */
  minimal: ChaosRun;
  /** The minimal schedule as a scenario file, and where it is written as the replay command names it. */
  yaml: string;
  file: string;
  /** The command that replays it, as the file's header and `teaches` give it. */
  replay: string;
  shrinkRuns: number;
}

export interface ChaosOutcome {
  runs: ChaosRun[];
  failure: ChaosFailure | null;
  /** The signal stopped the search before it was done. */
  interrupted: boolean;
}

export const DEFAULT_MAX_SHRINK_RUNS = 25;

export async function runChaos(options: ChaosOptions): Promise<ChaosOutcome> {
  const maxShrinkRuns = options.maxShrinkRuns ?? DEFAULT_MAX_SHRINK_RUNS;
  const name = chaosScenarioName(options.variant, options.seed);
  const file = options.scenarioFile ?? `${name}.yaml`;
  const meta: ChaosScenarioMeta = { name, variant: options.variant, origin: chaosCommandLine({ ...options, maxShrinkRuns }), replay: replayCommandLine(file, options) };
  const stopped = () => options.signal?.aborted === true;
  const runs: ChaosRun[] = [];
  const shrinkRuns = () => countOf(runs, 'shrink');
  // A schedule that could not be played at all is the harness failing, not the client: fast-check would count the
  // throw as a counterexample and shrink it, so it is kept aside, every later schedule is skipped, and it is rethrown.
  let crashed: { error: unknown; index: number } | undefined;

  const play = async (phase: ChaosRun['phase'], schedule: ChaosSchedule): Promise<ChaosRun> => {
    const { scenario } = scheduleToScenario(schedule, meta);
    const run = await options.play(scenario);
    // Whatever a run cut short says (a closed page, a step "stopped"), it says nothing about the client.
    const cutShort = stopped() && !run.passed;
    const played: ChaosRun = { phase, index: countOf(runs, phase) + 1, schedule, ...(cutShort ? { run: interruptedRun(run, scenario, options.signal!), interrupted: true } : { run }) };
    runs.push(played);
    options.onProgress?.(played, chaosOutcome(runs, meta, file, stopped()));
    return played;
  };

  const property = fc.asyncProperty(scheduleArbitrary(options.maxEpisodes), async (schedule) => {
    if (crashed || stopped()) return true;
    const shrinking = runs.some(isCounterexample);
    // Out of shrink budget: report the candidate as passing, so fast-check settles on the smallest failure so far.
    if (shrinking && shrinkRuns() >= maxShrinkRuns) return true;
    try {
      return !isCounterexample(await play(shrinking ? 'shrink' : 'explore', schedule));
    } catch (error) {
      crashed = { error, index: runs.length + 1 };
      return true;
    }
  });

  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed });
  if (crashed) throw new Error(`chaos: schedule ${crashed.index} could not be played: ${(crashed.error as Error).message ?? String(crashed.error)}`, { cause: crashed.error });
  // Anything else fast-check saw fail without a failing run (an error in generating a schedule) is not a pass either.
  if (details.failed && !runs.some(isCounterexample)) throw new Error(`chaos: fast-check stopped without a failing run: ${String(details.errorInstance ?? 'unknown error')}`);
  // fast-check adopts every failing candidate it tries, so the last failure seen is its shrunk counterexample.
  let smallest = runs.findLast(isCounterexample);
  // fast-check shrinks an array by dropping leading items; an episode after the one that matters is also tried alone.
  for (let index = 0; smallest && index < smallest.schedule.episodes.length && smallest.schedule.episodes.length > 1 && shrinkRuns() < maxShrinkRuns && !stopped(); ) {
    const played = await play('shrink', { ...smallest.schedule, episodes: smallest.schedule.episodes.filter((_, at) => at !== index) });
    if (isCounterexample(played)) smallest = played;
    else index += 1;
  }
  return chaosOutcome(runs, meta, file, stopped());
}

function countOf(runs: readonly ChaosRun[], phase: ChaosRun['phase']): number {
  return runs.filter((played) => played.phase === phase).length;
}

function isCounterexample(played: ChaosRun): boolean {
  return !played.run.passed && !played.interrupted;
}

/** The outcome of the runs so far: every failing run adopted a smaller schedule, so the last one is the smallest. */
function chaosOutcome(runs: readonly ChaosRun[], meta: ChaosScenarioMeta, file: string, interrupted: boolean): ChaosOutcome {
  const first = runs.find(isCounterexample);
  const minimal = runs.findLast(isCounterexample);
  const failure = first && minimal ? { found: first.schedule, minimal, yaml: scheduleToScenario(minimal.schedule, meta).yaml, file, replay: meta.replay, shrinkRuns: countOf(runs, 'shrink') } : null;
  return { runs: [...runs], failure, interrupted };
}

/** A run the signal cut short: its history kept, its verdict — judged on a client torn down mid-step — not. */
function interruptedRun(run: ScenarioRun, scenario: Scenario, signal: AbortSignal): ScenarioRun {
  const where = whereInRun(scenario, run.stepsRun);
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  return { ...run, passed: false, failures: [], violations: [], error: `${where}: ${why}; the run was stopped and not judged` };
}

/** Which run of a chaos search this was, among the runs of one scenario name: "schedule 3", "shrink step 4". */
export function chaosRunLabel(played: Pick<ChaosRun, 'phase' | 'index'>): string {
  return `${played.phase === 'explore' ? 'schedule' : 'shrink step'} ${played.index}`;
}

/** The kebab-case scenario name a chaos run's schedules play under, whatever the seed (negative ones too). */
export function chaosScenarioName(variant: string, seed: number): string {
  const sign = seed < 0 ? 'minus-' : '';
  return `chaos-${variant}-seed-${sign}${Math.abs(seed)}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
