/**
 * The scenario suite's speed and determinism, in one run:
 * - wall time of `tokenstorm run` over every built-in scenario with 2 workers,
 *   at the default time scale and in real time (scale 1), side by side, and
 *   the median seconds per scenario of each;
 * - determinism: scenarios run twice with the same seed, one after the other
 *   in this process, must give the same normalised history
 *   (harness/history/normalise.ts). Those runs, one scenario at a time, also
 *   give the median seconds per scenario without a second worker competing
 *   for the two cores, and the CPU seconds a scenario costs, by process.
 * Both use the chromium driver, as the figures the README records say, even
 * where an Electron binary is installed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TIME_SCALE } from '../harness/cli/run-command.ts';
import { selectDriver } from '../harness/drivers/select-driver.ts';
import { firstDifference, normaliseHistory } from '../harness/history/normalise.ts';
import { runScenario } from '../harness/runner/run-scenario.ts';
import { loadScenarios } from '../harness/scenarios/load-scenario.ts';
import { median } from './median.ts';
import { cpuBetween, cpuSnapshot, type CpuSplit } from './process-cpu.ts';

const BIN = fileURLToPath(new URL('../bin/tokenstorm.js', import.meta.url));

export interface SuiteTiming {
  timeScale: number;
  wallMs: number;
  medianScenarioMs: number;
  passed: number;
  total: number;
}

export interface DeterminismCheck {
  scenario: string;
  same: boolean;
  difference: string | null;
  /** Each of the two runs' own duration: one scenario at a time, nothing else running in this process. */
  durationsMs: [number, number];
  /** Each run's CPU seconds, by process (Linux; undefined elsewhere). */
  cpu: [CpuSplit | undefined, CpuSplit | undefined];
}

/** One `tokenstorm run` of the built-in suite with 2 workers, timed from spawn to exit. */
export async function timeSuite(timeScale: number): Promise<SuiteTiming> {
  const report = mkdtempSync(join(tmpdir(), 'tokenstorm-bench-suite-'));
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', '--driver', 'chromium', '--workers', '2', '--time-scale', String(timeScale), '--report', report], { stdio: 'ignore' });
    child.on('exit', () => resolve());
  });
  const wallMs = performance.now() - started;
  const results = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as { runs: Array<{ durationMs: number; passed: boolean }> };
  rmSync(report, { recursive: true, force: true });
  return { timeScale, wallMs, medianScenarioMs: median(results.runs.map((run) => run.durationMs)), passed: results.runs.filter((run) => run.passed).length, total: results.runs.length };
}

/** Runs each named scenario twice with the same seed and compares the normalised histories. */
export async function checkDeterminism(names: readonly string[], seed = 7): Promise<DeterminismCheck[]> {
  const scenarios = (await loadScenarios()).map((loaded) => loaded.scenario).filter((scenario) => names.includes(scenario.name));
  const driver = selectDriver('chromium');
  const checks: DeterminismCheck[] = [];
  const measured = async (scenario: (typeof scenarios)[number]) => {
    const before = cpuSnapshot();
    const run = await runScenario(scenario, { driver, seed, timeScale: DEFAULT_TIME_SCALE });
    return { run, cpu: cpuBetween(before, cpuSnapshot()) };
  };
  for (const scenario of scenarios) {
    const first = await measured(scenario);
    const second = await measured(scenario);
    const difference = firstDifference(normaliseHistory(first.run.history.events), normaliseHistory(second.run.history.events));
    checks.push({ scenario: scenario.name, same: difference === null, difference, durationsMs: [first.run.durationMs, second.run.durationMs], cpu: [first.cpu, second.cpu] });
  }
  return checks;
}
