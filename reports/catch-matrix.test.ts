import { describe, expect, it } from 'vitest';
import { buildCatchMatrix, formatCatchMatrix } from './catch-matrix.ts';

describe('catch matrix', () => {
  it('holds when the reference passes everything and each buggy variant fails somewhere', () => {
    const matrix = buildCatchMatrix([
      { scenario: 'burst', variant: 'reference', passed: true },
      { scenario: 'burst', variant: 'no-single-flight', passed: false },
      { scenario: 'restart', variant: 'reference', passed: true },
      { scenario: 'restart', variant: 'no-single-flight', passed: true },
    ]);
    expect(matrix.holds).toBe(true);
    expect(formatCatchMatrix(matrix)).toContain('catch matrix holds');
  });

  it('does not hold when the reference fails or a buggy variant is never caught, and says which', () => {
    const matrix = buildCatchMatrix([
      { scenario: 'burst', variant: 'reference', passed: false },
      { scenario: 'burst', variant: 'no-backoff', passed: true },
    ]);
    expect(matrix).toMatchObject({ holds: false, referenceFailures: ['burst'], uncaught: ['no-backoff'] });
    expect(formatCatchMatrix(matrix)).toMatch(/reference failed burst; not caught: no-backoff/);
  });
});
