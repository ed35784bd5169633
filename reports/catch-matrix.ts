/**
 * The catch matrix of a `tokenstorm matrix` run: every variant × every
 * scenario. It holds when the reference passes every scenario and every buggy
 * variant fails at least one.
 */
export interface MatrixCell {
  scenario: string;
  variant: string;
  passed: boolean;
}

export interface CatchMatrix {
  scenarios: string[];
  variants: string[];
  cells: MatrixCell[];
  /** Scenarios the reference failed. */
  referenceFailures: string[];
  /** Buggy variants no scenario caught. */
  uncaught: string[];
  holds: boolean;
}

export function buildCatchMatrix(cells: MatrixCell[]): CatchMatrix {
  const scenarios = [...new Set(cells.map((cell) => cell.scenario))].sort();
  const variants = [...new Set(cells.map((cell) => cell.variant))].sort((a, b) => (a === 'reference' ? -1 : b === 'reference' ? 1 : a.localeCompare(b)));
  const referenceFailures = cells.filter((cell) => cell.variant === 'reference' && !cell.passed).map((cell) => cell.scenario);
  const uncaught = variants.filter((variant) => variant !== 'reference' && cells.filter((cell) => cell.variant === variant).every((cell) => cell.passed));
  return { scenarios, variants, cells, referenceFailures, uncaught, holds: referenceFailures.length === 0 && uncaught.length === 0 };
}

/** A plain-text table for the terminal and the README: ✓ passed, ✗ failed (caught), · not run. */
export function formatCatchMatrix(matrix: CatchMatrix): string {
  const width = Math.max(8, ...matrix.scenarios.map((scenario) => scenario.length));
  const header = `| ${'scenario'.padEnd(width)} | ${matrix.variants.join(' | ')} |`;
  const rule = `|${'-'.repeat(width + 2)}|${matrix.variants.map((variant) => `:${'-'.repeat(Math.max(1, variant.length))}:`).join('|')}|`;
  const rows = matrix.scenarios.map((scenario) => {
    const marks = matrix.variants.map((variant) => {
      const cell = matrix.cells.find((candidate) => candidate.scenario === scenario && candidate.variant === variant);
      const mark = cell === undefined ? '·' : cell.passed ? '✓' : '✗';
      return mark.padStart(Math.ceil(variant.length / 2) + 1).padEnd(variant.length);
    });
    return `| ${scenario.padEnd(width)} | ${marks.join(' | ')} |`;
  });
  const verdict = matrix.holds
    ? 'catch matrix holds: the reference passes every scenario and every buggy variant is caught by at least one'
    : `catch matrix does NOT hold:${matrix.referenceFailures.length ? ` reference failed ${matrix.referenceFailures.join(', ')};` : ''}${matrix.uncaught.length ? ` not caught: ${matrix.uncaught.join(', ')}` : ''}`;
  return [header, rule, ...rows, '', verdict].join('\n');
}
