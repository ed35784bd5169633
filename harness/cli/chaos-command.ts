/**
 * `tokenstorm run --chaos N`: random fault schedules against one client
 * variant, one at a time in this process (shrinking is sequential by nature).
 * Prints each run, shrinks the first failure, writes it as a scenario file and
 * the runs as a report; exit code 0 only when every schedule passed.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeSchedule } from '../chaos/chaos-schedule.ts';
import { runChaos, type ChaosProgress } from '../chaos/run-chaos.ts';
import { selectDriver } from '../drivers/select-driver.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { failureReasons, toReportedRun } from '../../reports/reported-run.ts';
import { writeReport } from '../../reports/write-report.ts';
import type { RunPlan } from '../runner/run-plan.ts';

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
}

export async function runChaosCommand(options: ChaosCommandOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const started = new Date();
  const driver = selectDriver(options.driver);
  print(`chaos: ${options.runs} random fault schedule(s) against ${options.variant}, seed ${options.seed}, time scale ${options.timeScale}, driver ${driver.reason}`);
  const outcome = await runChaos({
    runs: options.runs,
    seed: options.seed,
    variant: options.variant,
    maxShrinkRuns: options.maxShrinkRuns,
    play: (scenario) => runScenario(scenario, { driver, variant: options.variant, seed: options.seed, timeScale: options.timeScale }),
    onProgress: (progress) => print(progressLine(progress)),
  });

  const page = writeReport(options.reportDir, { mode: 'run', title: `tokenstorm chaos: ${options.variant}, seed ${options.seed}`, createdAt: started.toISOString(), runs: outcome.runs.map(toReportedRun) });
  if (outcome.failure === null) {
    print(`\nchaos: all ${options.runs} schedule(s) held every invariant for ${options.variant}`);
    print(`report: ${page}`);
    return 0;
  }
  const { failure } = outcome;
  const file = join(options.reportDir, `${failure.run.scenario}.yaml`);
  writeFileSync(file, failure.yaml);
  const broken = [...new Set(failure.run.violations.map((violation) => violation.invariant))];
  print(`\nchaos: ${options.variant} broke ${[failure.run.error && 'a step', ...failure.run.failures.length ? ['its final state'] : [], ...broken].filter(Boolean).join(', ')}`);
  print(`  first failing schedule: ${describeSchedule(failure.found)}`);
  print(`  shrunk in ${failure.shrinkRuns} run(s) to:  ${describeSchedule(failure.shrunk)}`);
  for (const reason of failureReasons(failure.run).slice(0, 5)) print(`  - ${reason}`);
  print(`scenario written: ${file}`);
  print(`replay: tokenstorm run ${relative(process.cwd(), file) || file} --variant ${options.variant} --seed ${options.seed} --time-scale ${options.timeScale}`);
  print(`report: ${page}`);
  return 1;
}

function progressLine({ phase, index, schedule, run }: ChaosProgress): string {
  const why = failureReasons(run)[0] ?? '';
  return `${phase === 'explore' ? 'run   ' : 'shrink'} ${String(index).padStart(3)}  ${run.passed ? 'PASS' : 'FAIL'}  ${String(run.durationMs).padStart(6)} ms  ${describeSchedule(schedule).slice(0, 160)}${why ? `\n              ${why.slice(0, 200)}` : ''}`;
}
