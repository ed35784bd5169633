import { describe, expect, it } from 'vitest';
import { getProperty } from './catalog.ts';
import { checkProperty, formatVerdict, replayFailure } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';

describe('checkProperty and replayFailure', () => {
  it('reports a failure with its seed, shrunk scenario, violation, trace and interleaving', async () => {
    const verdict = await checkProperty(getProperty(7).build(coreClientUnderTest('per-renderer-mutex')), { seed: 3, numRuns: 100 });
    expect(verdict.failed).toBe(true);
    const report = formatVerdict('per-renderer-mutex, property 7', verdict);
    expect(report).toContain('seed 3, path');
    expect(report).toContain('interleaving: fc.schedulerFor([');
    expect(report).toMatch(/\[task \d+\] #\d+ POST \/api\/auth\/refresh → resolved/);
    expect(report).not.toMatch(/sim\.(session|at|rt)\./); // fingerprints only, never raw tokens
  });

  it('replays the exact interleaving of a reported failure', async () => {
    const property = getProperty(1).build(coreClientUnderTest('stale-401-refresh'));
    const verdict = await checkProperty(property, { seed: 11, numRuns: 100 });
    expect(verdict.failed).toBe(true);
    expect(await replayFailure(property, verdict)).toBe(verdict.violation);
  });

  it('a passing verdict carries no counterexample', async () => {
    const verdict = await checkProperty(getProperty(1).build(coreClientUnderTest('reference')), { seed: 1, numRuns: 20 });
    expect(verdict).toMatchObject({ failed: false, numRuns: 20, counterexample: null, ordering: null, violation: null });
    await expect(replayFailure(getProperty(1).build(coreClientUnderTest('reference')), verdict)).rejects.toThrow(TypeError);
  });
});
