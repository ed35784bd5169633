/**
 * `tokenstorm run --chaos N`: random fault schedules against one client
 * variant, one at a time in this process (shrinking is sequential by nature).
 * Prints each run, shrinks the first failure, writes it as a scenario file and
 * the runs as a report; exit code 0 only when every schedule passed. SIGINT,
 * SIGTERM or SIGHUP (a closed terminal) stops the run under way (its client torn down, its profile removed),
 * reports what ran and the failure found so far, and exits 128 + the signal's number (130 for Ctrl-C).
 */
import { writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { chaosReportedRuns } from '../chaos/chaos-report.ts';
import { describeSchedule } from '../chaos/chaos-schedule.ts';
import { chaosScenarioName, runChaos, type ChaosOutcome, type ChaosRun } from '../chaos/run-chaos.ts';
import { selectDriver } from '../drivers/select-driver.ts';
import { runScenario, type ScenarioRun } from '../runner/run-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { failureReasons } from '../../reports/reported-run.ts';
import { writeReport } from '../../reports/write-report.ts';
import type { RunPlan } from '../runner/run-plan.ts';
import { STOP_SIGNALS, stoppedExitCode, type StopSignal } from './stop-signals.ts';

export interface ChaosCommandOptions {
  runs: number;
  maxShrinkRuns: number;
  variant: string;
  driver: RunPlan['driver'];
  seed: number;
  timeScale: number;
  reportDir: string;
  /** Where the progress lines go (stdout by default). */
  print?: (line: string) => void;
  /** Plays one scenario until `signal` aborts; runScenario through the selected driver by default. */
  play?: (scenario: Scenario, signal: AbortSignal) => Promise<ScenarioRun>;
  /** Where SIGINT, SIGTERM and SIGHUP are heard (the process by default). */
  signals?: SignalSource;
}

export interface SignalSource {
  once(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}

export async function runChaosCommand(options: ChaosCommandOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const signals = options.signals ?? process;
  const started = new Date();
  const file = join(options.reportDir, `${chaosScenarioName(options.variant, options.seed)}.yaml`);
  const stop = new AbortController();
  let stoppedBy: StopSignal | undefined;
  let soFar: ChaosOutcome = { runs: [], failure: null, interrupted: false };
  const interruption = (outcome: ChaosOutcome) => (outcome.interrupted ? `interrupted by ${stoppedBy} after ${outcome.runs.length} run(s)` : undefined);

  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => {
      if (stoppedBy) return;
      stoppedBy = signal;
      stop.abort(new Error(`interrupted by ${signal}`));
      // Playwright's own SIGINT handler, installed with every Electron it launches (the chromium driver's shared
      // browser turns its off), closes it and ends the process: what ran so far is written now, and again once the
      // run under way has stopped.
      const now = { ...soFar, interrupted: true };
      const page = writeChaosReport(options, file, started, now, interruption(now));
      print(`\nchaos: ${signal}: stopping the run under way; what ran so far is reported in ${page}`);
    };
    // Once: a second Ctrl-C ends the process at once, as a shell user expects.
    signals.once(signal, listener);
    return { signal, listener };
  });
  try {
    const selected = options.play ? undefined : selectDriver(options.driver);
    const play = options.play ?? ((scenario: Scenario, signal: AbortSignal) => runScenario(scenario, { driver: selected!, variant: options.variant, seed: options.seed, timeScale: options.timeScale, signal }));
    print(`chaos: ${options.runs} random fault schedule(s) against ${options.variant}, seed ${options.seed}, time scale ${options.timeScale}${selected ? `, driver ${selected.reason}` : ''}`);
    let outcome: ChaosOutcome;
    try {
      outcome = await runChaos({
        runs: options.runs,
        seed: options.seed,
        variant: options.variant,
        maxShrinkRuns: options.maxShrinkRuns,
        timeScale: options.timeScale,
        driver: options.driver,
        scenarioFile: replayPath(file),
        signal: stop.signal,
        play: (scenario) => play(scenario, stop.signal),
        onProgress: (run, now) => {
          soFar = now;
          print(progressLine(run));
        },
      });
    } catch (error) {
      // A schedule the harness could not play ends the search, not without the report of what ran before it.
      writeChaosReport(options, file, started, soFar, `stopped: ${(error as Error).message}`);
      throw error;
    }
    const page = writeChaosReport(options, file, started, outcome, interruption(outcome));
    printOutcome(print, options, file, outcome);
    if (outcome.interrupted) print(`\nchaos: ${interruption(outcome)}${outcome.runs.some((run) => run.interrupted) ? '; the run it cut short is reported as interrupted, not judged' : ''}`);
    print(`report: ${page}`);
    return outcome.interrupted ? stoppedExitCode(stoppedBy ?? 'SIGINT') : outcome.failure ? 1 : 0;
  } finally {
    for (const { signal, listener } of listeners) signals.off(signal, listener);
  }
}

/** The report of the runs so far and the scenario file of the failure found so far; `stopped` says why the search ended early. */
function writeChaosReport(options: ChaosCommandOptions, file: string, started: Date, outcome: ChaosOutcome, stopped: string | undefined): string {
  const title = `tokenstorm chaos: ${options.variant}, seed ${options.seed}${stopped ? ` — ${stopped}` : ''}`;
  const page = writeReport(options.reportDir, { mode: 'run', title, createdAt: started.toISOString(), runs: chaosReportedRuns(outcome) });
  if (outcome.failure) writeFileSync(file, outcome.failure.yaml);
  return page;
}

function printOutcome(print: (line: string) => void, options: ChaosCommandOptions, file: string, { failure, interrupted }: ChaosOutcome): void {
  if (failure === null) {
    if (!interrupted) print(`\nchaos: all ${options.runs} schedule(s) held every invariant for ${options.variant}`);
    return;
  }
  const { run, schedule } = failure.minimal;
  const broken = [...new Set(run.violations.map((violation) => violation.invariant))];
  print(`\nchaos: ${options.variant} broke ${[run.error && 'a step', ...run.failures.length ? ['its final state'] : [], ...broken].filter(Boolean).join(', ')}`);
  print(`  first failing schedule: ${describeSchedule(failure.found)}`);
  print(`  ${interrupted ? `shrinking interrupted after ${failure.shrinkRuns} run(s); the smallest so far` : `shrunk in ${failure.shrinkRuns} run(s) to`}:  ${describeSchedule(schedule)}`);
  for (const reason of failureReasons(run).slice(0, 5)) print(`  - ${reason}`);
  print(`scenario written: ${file}`);
  print(`replay: ${failure.replay}`);
  print('  (with --trace on, the replay also writes a Playwright trace of the client: its windows step by step)');
}

function progressLine({ phase, index, schedule, run, interrupted }: ChaosRun): string {
  const why = failureReasons(run)[0] ?? '';
  const verdict = interrupted ? 'STOP' : run.passed ? 'PASS' : 'FAIL';
  return `${phase === 'explore' ? 'run   ' : 'shrink'} ${String(index).padStart(3)}  ${verdict}  ${String(run.durationMs).padStart(6)} ms  ${describeSchedule(schedule).slice(0, 160)}${why ? `\n              ${why.slice(0, 200)}` : ''}`;
}

/**
 * The scenario file as the replay command names it: relative to where the command ran when it lies below, else in
 * full — a path that climbs out ("../../tmp/…") points nowhere from the report a CI job keeps as an artifact.
 */
export function replayPath(file: string): string {
  const below = relative(process.cwd(), file);
  return below && !below.startsWith('..') && !isAbsolute(below) ? below : resolve(file);
}
