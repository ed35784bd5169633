/**
 * `tokenstorm run` and `tokenstorm matrix`: the scenario suite on Playwright
 * Test (sharding, workers, repeats and traces come from it), judged by the
 * invariant checker, reported as HTML, JSON and JUnit.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { MAX_TIME_SCALE } from '../../electron-app/src/core/timing.ts';
import { PRESETS } from '../../electron-app/src/core/variants.ts';
import { DEFAULT_MAX_SHRINK_RUNS } from '../chaos/run-chaos.ts';
import { resolveScenarioArgument } from '../scenarios/load-scenario.ts';
import { REFERENCE_APP_MAIN } from '../fixtures/reference-app.ts';
import { RUN_PLAN_ENV, TRACE_MODES, type RunPlan, type TraceMode } from '../runner/run-plan.ts';
import { DEFAULT_REPORTS_DIR, INSTALLED_AS_PACKAGE, PACKAGE_ROOT, REPORTS_DIR_ENV } from '../../reports/reports-dir.ts';
import { decimalOption, integerOption } from './number-options.ts';
import { ELECTRON_INSTALL_HELP, ElectronBinaryMissingError, electronBinaryFor } from '../drivers/electron/find-electron.ts';
import { commandLineError, parseCommandLine } from './parse-command-line.ts';
import { STOP_SIGNALS, stoppedExitCode } from './stop-signals.ts';

const CONFIG = join(PACKAGE_ROOT, 'harness/runner/playwright.scenarios.config.ts');

/**
 * Scenarios play 5x faster than real time by default: the client's clock
 * (deadlines, backoff, Retry-After) and the IdP's delays and hangs run on the
 * same scale, and invariants judge the history on the client's clock.
 */
export const DEFAULT_TIME_SCALE = 5;

const HELP = {
  run: `usage: tokenstorm run [SCENARIO...] [--variant NAME]... [--driver auto|electron|chromium] [--seed N] [--time-scale X] [--repeat N] [--shard i/n] [--workers N] [--trace on|retain-on-failure|off] [--report DIR]

Runs the scenarios (default: every built-in one) against the client variant each names (client.variant, default
reference), or against --variant NAME. Give --variant more than once to run each scenario against each variant:
the HTML report sets a scenario's runs side by side (a correct client next to one with a classic bug).
A SCENARIO is a scenario file, or the name of a built-in scenario (tokenstorm list names them).
Exit code 0 only when every expectation and invariant holds; 1 when one does not, or a file, directory or Electron
it names cannot be used; 2 when the command line is wrong. Reports go to reports/out/<run>/ (and reports/out/latest).
--time-scale X plays the run X times faster than real time (default ${DEFAULT_TIME_SCALE}; 1 is real time): the client's
clock and timers and the IdP's delays and hangs share the scale; expiries are on the IdP's virtual clock either way.
--repeat N runs each scenario N times, the k-th with the seed plus k-1 (--seed 7 --repeat 3: seeds 7, 8 and 9).
--trace on writes a Playwright trace of each launch of each run's client (its windows' actions, DOM and
screenshots), linked from the report: npx playwright show-trace <file>. retain-on-failure keeps failing runs' only.

Chaos mode: tokenstorm run --chaos N [--variant NAME] [--seed N] [--shrink-runs N] [--time-scale X] [--report DIR]
generates N random fault schedules with fast-check (seeded: the same seed, the same schedules), plays each as a
scenario and checks the invariants. The first schedule that breaks one is shrunk (at most --shrink-runs more runs,
default ${DEFAULT_MAX_SHRINK_RUNS}) and written to the report directory as a scenario file that replays it; exit code 1.`,
  matrix: `usage: tokenstorm matrix [SCENARIO...] [--driver auto|electron|chromium] [--seed N] [--time-scale X] [--shard i/n] [--workers N] [--trace on|retain-on-failure|off] [--report DIR]

Runs every scenario against every client variant and prints the catch matrix. Exit code 0 only when the
reference passes every scenario and every buggy variant fails at least one; 2 when the command line is wrong.`,
};

function runId(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
}

async function execute(mode: 'run' | 'matrix', argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: argv,
      allowPositionals: true,
      options: {
        variant: { type: 'string', multiple: true },
        driver: { type: 'string', default: 'auto' },
        seed: { type: 'string', default: '1' },
        'time-scale': { type: 'string', default: String(DEFAULT_TIME_SCALE) },
        repeat: { type: 'string', default: '1' },
        shard: { type: 'string' },
        workers: { type: 'string' },
        report: { type: 'string' },
        trace: { type: 'string', default: 'off' },
        ...(mode === 'run' ? { chaos: { type: 'string' as const }, 'shrink-runs': { type: 'string' as const, default: String(DEFAULT_MAX_SHRINK_RUNS) } } : {}),
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(commandLineError(mode, error));
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP[mode]);
    return 0;
  }
  // A matrix runs every variant, each scenario once: a --variant or --repeat given to it would be silently ignored.
  const notForMatrix = mode === 'matrix' ? ['--variant', '--repeat'].find((flag) => argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`))) : undefined;
  if (notForMatrix) return fail(mode, `${notForMatrix}: a matrix runs every variant, each scenario once; use "tokenstorm run" for one variant or repeats`);
  // None given: each scenario runs against the variant it names.
  const variants = mode === 'matrix' ? PRESETS.map((preset) => preset.name) : (values.variant ?? []);
  const unknown = variants.filter((name) => !PRESETS.some((preset) => preset.name === name));
  if (unknown.length > 0) return fail(mode, `--variant: unknown variant "${unknown[0]}"; expected one of ${PRESETS.map((preset) => preset.name).join(', ')}`);
  const repeated = variants.find((name, index) => variants.indexOf(name) !== index);
  if (repeated) return fail(mode, `--variant: "${repeated}" is given twice; give each variant once, and --repeat N to run it again`);
  if (!['auto', 'electron', 'chromium'].includes(values.driver!)) return fail(mode, `--driver: expected auto, electron or chromium, got "${values.driver}"`);
  // The driver is chosen again in each worker; an Electron that is not there is said here, once, before anything starts.
  const missing = await electronMissing(values.driver as RunPlan['driver']);
  if (missing) return fail(mode, `--driver ${values.driver}: ${missing.detail}\n\n${ELECTRON_INSTALL_HELP}`, UNUSABLE);
  const seed = integerOption(values.seed);
  const repeat = integerOption(values.repeat);
  if (seed === undefined) return fail(mode, `--seed: expected an integer, got "${values.seed}"`);
  const timeScale = decimalOption(values['time-scale']);
  if (!(timeScale !== undefined && timeScale > 0 && timeScale <= MAX_TIME_SCALE)) return fail(mode, `--time-scale: expected a number above 0 and at most ${MAX_TIME_SCALE} (1 is real time), got "${values['time-scale']}"`);
  if (repeat === undefined || repeat < 1) return fail(mode, `--repeat: expected a positive integer, got "${values.repeat}"`);
  const shard = values.shard?.match(/^(\d+)\/(\d+)$/);
  if (values.shard !== undefined && !(shard && Number(shard[1]) >= 1 && Number(shard[1]) <= Number(shard[2]))) {
    return fail(mode, `--shard: expected i/n with 1 <= i <= n, such as 1/3, got "${values.shard}"`);
  }
  if (values.workers !== undefined && !/^(?!0+%?$)\d+%?$/.test(values.workers)) return fail(mode, `--workers: expected a positive integer or a percentage of the cores such as 50%, got "${values.workers}"`);
  const trace = values.trace as TraceMode;
  if (!TRACE_MODES.includes(trace)) return fail(mode, `--trace: expected ${TRACE_MODES.slice(0, -1).join(', ')} or ${TRACE_MODES.at(-1)}, got "${values.trace}"`);

  const chaos = (values as { chaos?: string }).chaos;
  // Shrinking belongs to chaos mode: given to a plain run it would be silently ignored.
  if (chaos === undefined && argv.some((arg) => arg === '--shrink-runs' || arg.startsWith('--shrink-runs='))) return fail(mode, '--shrink-runs: shrinking is part of chaos mode; give it with --chaos N');
  const unbuilt = unbuiltClient();
  if (unbuilt) return fail(mode, unbuilt, UNUSABLE);
  const reportDir = resolve(values.report ?? join(DEFAULT_REPORTS_DIR, `${chaos === undefined ? mode : 'chaos'}-${runId()}`));
  // Created once every other argument holds, and before anything runs: a run never ends without its report.
  const useReportDir = async () => (await import('../../reports/write-report.ts')).prepareReportDir(reportDir);
  if (chaos !== undefined) {
    const runs = integerOption(chaos);
    const shrinkRuns = integerOption((values as { 'shrink-runs'?: string })['shrink-runs']);
    if (runs === undefined || runs < 1) return fail(mode, `--chaos: expected a positive number of schedules, got "${chaos}"`);
    if (shrinkRuns === undefined || shrinkRuns < 0) return fail(mode, `--shrink-runs: expected a non-negative integer, got "${(values as { 'shrink-runs'?: string })['shrink-runs']}"`);
    const ignored = [positionals.length > 0 && 'scenario files', values.shard && '--shard', values.repeat !== '1' && '--repeat', values.workers && '--workers', trace !== 'off' && '--trace', variants.length > 1 && 'more than one --variant'].filter(Boolean);
    if (ignored.length > 0) return fail(mode, `--chaos generates its own scenarios and runs them one at a time; it does not take ${ignored.join(', ')}`);
    const unusable = await useReportDir();
    if (unusable) return fail(mode, `--report: ${unusable}`, UNUSABLE);
    const { runChaosCommand } = await import('./chaos-command.ts');
    return runChaosCommand({ runs, maxShrinkRuns: shrinkRuns, variant: variants[0] ?? 'reference', driver: values.driver as RunPlan['driver'], seed, timeScale, reportDir });
  }
  const scenarioFiles: string[] = [];
  for (const argument of positionals) {
    const file = resolveScenarioArgument(argument);
    if (file === undefined) return fail(mode, `${argument}: no such file, and no built-in scenario is named "${argument}" (tokenstorm list names them)`);
    scenarioFiles.push(file);
  }
  const plan: RunPlan = { scenarios: scenarioFiles, variants, driver: values.driver as RunPlan['driver'], seed, timeScale, reportDir, mode, trace };
  // Validate every scenario file before anything runs: a bad file stops the run with its path and what was expected.
  const { loadScenario } = await import('../scenarios/load-scenario.ts');
  const fileOfName = new Map<string, string>();
  for (const file of plan.scenarios) {
    let name: string;
    try {
      ({ name } = await loadScenario(file));
    } catch (error) {
      return fail(mode, (error as Error).message, UNUSABLE);
    }
    // A run's tests are named by scenario and variant: two of one name would be one test twice, which Playwright refuses.
    const first = fileOfName.get(name);
    if (first !== undefined) {
      const where = first === file ? `${relative(process.cwd(), file) || file} is given twice` : `${relative(process.cwd(), first) || first} and ${relative(process.cwd(), file) || file} both name it`;
      return fail(mode, `scenario "${name}" would run twice (${where}); give each scenario once, and --repeat N to run it again`);
    }
    fileOfName.set(name, file);
  }
  const unusable = await useReportDir();
  if (unusable) return fail(mode, `--report: ${unusable}`, UNUSABLE);

  const playwright = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');
  // Playwright compiles no TypeScript under node_modules: installed as a package, its runner and workers load tokenstorm through tsx.
  const loader = INSTALLED_AS_PACKAGE ? ['--import', 'tsx'] : [];
  const args = [...loader, playwright, 'test', '-c', CONFIG, '--repeat-each', String(repeat), ...(values.shard ? ['--shard', values.shard] : []), ...(values.workers ? ['--workers', values.workers] : [])];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: PACKAGE_ROOT, env: { ...process.env, [RUN_PLAN_ENV]: JSON.stringify(plan), [REPORTS_DIR_ENV]: DEFAULT_REPORTS_DIR } });
    // A stop signal — Ctrl-C reaches the whole process group, a CI job's cancel or `kill` may reach only this
    // process — becomes Playwright's own graceful stop, and this process waits for the report before it exits.
    // (Playwright ignores a second SIGINT within a second of the first, so one that reached both is stopped once.)
    // Playwright exits 130 when interrupted, whatever stopped it; this process says which signal did, as a shell would.
    let stoppedBy: NodeJS.Signals | undefined;
    const stops = STOP_SIGNALS.map((signal) => ({ signal, stop: () => {
      stoppedBy ??= signal;
      child.kill('SIGINT');
    } }));
    for (const { signal, stop } of stops) process.on(signal, stop);
    child.on('exit', (code, signal) => {
      for (const { signal: stopSignal, stop } of stops) process.off(stopSignal, stop);
      if (code === PLAYWRIGHT_INTERRUPTED && stoppedBy) done(stoppedExitCode(stoppedBy));
      else done(code ?? (signal ? stoppedExitCode(signal) : 1));
    });
  });
}

const PLAYWRIGHT_INTERRUPTED = 130;

/** Every scenario runs the built reference client: without a build, each would fail on a main that cannot start. */
export function unbuiltClient(main = REFERENCE_APP_MAIN): string | undefined {
  if (existsSync(main)) return undefined;
  const where = relative(process.cwd(), main) || main;
  // A package carries the client npm pack built (prepack); only a checkout builds its own.
  if (INSTALLED_AS_PACKAGE) return `the reference client is not in this tokenstorm package (${where} is missing): it was packed without "npm run build:app"; install a package made with "npm pack", which builds it`;
  return `the reference client is not built (${where} is missing): run "npm run build:app" first (npm start does)`;
}

/** Exit codes: 2 when the command line is wrong (an option or a scenario name), 1 when a file or directory it names cannot be used. */
const USAGE = 2;
const UNUSABLE = 1;

function fail(mode: string, message: string, code = USAGE): number {
  console.error(`tokenstorm ${mode}: ${message}`);
  return code;
}

export const runCommand = { run: (argv: string[]) => execute('run', argv) };
export const matrixCommand = { run: (argv: string[]) => execute('matrix', argv) };

/** Why the chosen driver cannot start: an Electron asked for, or named in TOKENSTORM_ELECTRON, that is not there. */
async function electronMissing(choice: RunPlan['driver']): Promise<ElectronBinaryMissingError | undefined> {
  if (choice === 'chromium') return undefined;
  try {
    electronBinaryFor(choice);
    return undefined;
  } catch (error) {
    if (error instanceof ElectronBinaryMissingError) return error;
    throw error;
  }
}
