/**
 * What a suite run prints when it ends — a table of every run and, for a
 * matrix, the catch matrix — and whether the suite holds. Shared by the
 * Playwright reporter and `tokenstorm merge-reports`, so both judge alike.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { buildCatchMatrix, formatCatchMatrix, type CatchMatrix } from './catch-matrix.ts';
import { failureReasons, runIdentity, variantOrder, type ReportedRun, type SuiteMode } from './reported-run.ts';

export interface SuiteSummary {
  /** For the terminal: the table, then the catch matrix in matrix mode. */
  text: string;
  /** run: every run passed; matrix: the catch matrix holds and every test finished its run. */
  holds: boolean;
  matrix?: CatchMatrix;
}

/** `reportDir`: where the report is, for the paths of the runs' traces (`--trace`), which it lists after the table. */
export function summarizeSuite(runs: readonly ReportedRun[], mode: SuiteMode, reportDir?: string): SuiteSummary {
  const traces = reportDir === undefined ? '' : traceNote(runs, reportDir);
  const table = `\n${summaryTable(runs)}\n${traces ? `\n${traces}\n` : ''}`;
  if (mode === 'run') return { text: table, holds: runs.every((run) => run.passed) };
  // A test that ended before its run did caught nothing: it stays out of the catch matrix (· not run) and the suite does not hold.
  const unfinished = runs.filter((run) => run.unfinished);
  const matrix = buildCatchMatrix(runs.filter((run) => !run.unfinished).map((run) => ({ scenario: run.scenario, variant: run.variant, passed: run.passed })));
  const note = unfinished.length ? `\n${unfinishedNote(unfinished)}` : '';
  return { text: `${table}\n${formatCatchMatrix(matrix)}${note}\n`, holds: matrix.holds && unfinished.length === 0, matrix };
}

export function summaryTable(runs: readonly ReportedRun[]): string {
  const sorted = [...runs].sort((a, b) => a.scenario.localeCompare(b.scenario) || variantOrder(a.variant).localeCompare(variantOrder(b.variant)) || (a.repeat ?? 0) - (b.repeat ?? 0));
  // A repeat (--repeat N) plays the run's seed + its index: each row says which it is, and that seed.
  const named = sorted.map((run) => ({ run, name: run.repeat ? `${run.scenario} (repeat ${run.repeat + 1}, seed ${run.seed})` : run.scenario }));
  const width = Math.max(8, ...named.map(({ name }) => name.length));
  const lines = named.map(({ run, name }) => {
    const why = failureReasons(run)[0] ?? '';
    return `${run.passed ? 'PASS' : 'FAIL'}  ${name.padEnd(width)}  ${run.variant.padEnd(22)} ${String(run.durationMs).padStart(6)} ms  ${why.slice(0, 140)}`.trimEnd();
  });
  const passed = runs.filter((run) => run.passed).length;
  return [`${'    '}  ${'scenario'.padEnd(width)}  ${'variant'.padEnd(22)} ${'time'.padStart(9)}`, ...lines, '', `${passed} passed, ${runs.length - passed} failed`].join('\n');
}

const TRACES_LISTED = 10;

/** How many runs left Playwright traces, and where the failing runs' are: what a CI log needs to fetch one. */
export function traceNote(runs: readonly ReportedRun[], reportDir: string): string {
  const kept = (run: ReportedRun) => (run.traces ?? []).filter((trace) => !trace.removed);
  const traced = runs.filter((run) => kept(run).length > 0);
  if (traced.length === 0) return '';
  const failing = traced.filter((run) => !run.passed);
  // From where the command ran when the report is under it, else in full.
  const where = (path: string) => {
    const file = resolve(reportDir, path);
    const fromHere = relative(process.cwd(), file);
    return fromHere.startsWith('..') || isAbsolute(fromHere) ? file : fromHere;
  };
  return [
    `Playwright traces of ${traced.length} run(s) are in the report${failing.length ? '; the failing runs\' (npx playwright show-trace FILE):' : '.'}`,
    ...failing.slice(0, TRACES_LISTED).map((run) => `  ${runIdentity(run)}: ${kept(run).map((trace) => where(trace.path)).join(', ')}`),
    ...(failing.length > TRACES_LISTED ? [`  … and ${failing.length - TRACES_LISTED} more failing run(s)`] : []),
  ].join('\n');
}

function unfinishedNote(unfinished: readonly ReportedRun[]): string {
  const tests = unfinished.length === 1 ? '1 test' : `${unfinished.length} tests`;
  return `NOT OK: ${tests} ended before ${unfinished.length === 1 ? 'its scenario run' : 'their scenario runs'} did (timed out, crashed or interrupted), catching nothing: ${unfinished.map(runIdentity).join(', ')}`;
}
