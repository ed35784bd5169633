/**
 * What a suite run prints when it ends — a table of every run and, for a
 * matrix, the catch matrix — and whether the suite holds. Shared by the
 * Playwright reporter and `tokenstorm merge-reports`, so both judge alike.
 */
import { buildCatchMatrix, formatCatchMatrix, type CatchMatrix } from './catch-matrix.ts';
import type { ReportedRun, SuiteMode } from './reported-run.ts';

export interface SuiteSummary {
  /** For the terminal: the table, then the catch matrix in matrix mode. */
  text: string;
  /** run: every run passed; matrix: the catch matrix holds. */
  holds: boolean;
  matrix?: CatchMatrix;
}

export function summarizeSuite(runs: readonly ReportedRun[], mode: SuiteMode): SuiteSummary {
  const table = `\n${summaryTable(runs)}\n`;
  if (mode === 'run') return { text: table, holds: runs.every((run) => run.passed) };
  const matrix = buildCatchMatrix(runs.map((run) => ({ scenario: run.scenario, variant: run.variant, passed: run.passed })));
  return { text: `${table}\n${formatCatchMatrix(matrix)}\n`, holds: matrix.holds, matrix };
}

export function summaryTable(runs: readonly ReportedRun[]): string {
  const sorted = [...runs].sort((a, b) => a.scenario.localeCompare(b.scenario) || a.variant.localeCompare(b.variant));
  const width = Math.max(8, ...sorted.map((run) => run.scenario.length));
  const lines = sorted.map((run) => {
    const why = run.error ?? run.failures[0] ?? (run.violations[0] ? `${run.violations[0].invariant}: ${run.violations[0].message}` : '');
    return `${run.passed ? 'PASS' : 'FAIL'}  ${run.scenario.padEnd(width)}  ${run.variant.padEnd(22)} ${String(run.durationMs).padStart(6)} ms  ${why.slice(0, 140)}`;
  });
  const passed = runs.filter((run) => run.passed).length;
  return [`${'    '}  ${'scenario'.padEnd(width)}  ${'variant'.padEnd(22)} ${'time'.padStart(9)}`, ...lines, '', `${passed} passed, ${runs.length - passed} failed`].join('\n');
}
