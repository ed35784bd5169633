import { describe, expect, it } from 'vitest';
import { getProperty } from './catalog.ts';
import { checkProperty, formatVerdict, replayFailure } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';
import { REFERENCE_DISCIPLINE } from './discipline.ts';

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

  it('replays a failure against the fixed client as null, even when the fix leaves the recorded interleaving unplayable', async () => {
    const verdict = await checkProperty(getProperty(1).build(coreClientUnderTest('no-single-flight')), { seed: 11, numRuns: 100 });
    expect(verdict.failed).toBe(true);
    expect(await replayFailure(getProperty(1).build(coreClientUnderTest('no-single-flight')), verdict)).toBe(verdict.violation);
    expect(await replayFailure(getProperty(1).build(coreClientUnderTest('reference')), verdict)).toBeNull();
  });

  it('refuses run counts, seeds and paths that would check nothing or something else', async () => {
    const property = getProperty(1).build(coreClientUnderTest('reference'));
    for (const numRuns of [0, -1, 1.5, 'x']) await expect(checkProperty(property, { numRuns: numRuns as number })).rejects.toThrow(`checkProperty: numRuns: expected a positive integer, got ${JSON.stringify(numRuns)}`);
    for (const seed of [1.5, 'abc']) await expect(checkProperty(property, { seed: seed as number })).rejects.toThrow(`checkProperty: seed: expected an integer, got ${JSON.stringify(seed)}`);
    await expect(checkProperty(property, { path: 'zero' })).rejects.toThrow('checkProperty: path: expected a path such as "0:1:0"');
    await expect(checkProperty(undefined as never)).rejects.toThrow('checkProperty: expected a property from getProperty(n).build(client)');
  });

  it('says NaN and Infinity by name (not "null"), and refuses an unknown parameter, naming the known ones', async () => {
    const property = getProperty(1).build(coreClientUnderTest('reference'));
    await expect(checkProperty(property, { numRuns: Number.NaN })).rejects.toThrow('checkProperty: numRuns: expected a positive integer, got NaN');
    await expect(checkProperty(property, { numRuns: Number.POSITIVE_INFINITY })).rejects.toThrow('checkProperty: numRuns: expected a positive integer, got Infinity');
    await expect(checkProperty(property, { seed: Number.NaN })).rejects.toThrow('checkProperty: seed: expected an integer, got NaN');
    await expect(checkProperty(property, { runs: 0 } as never)).rejects.toThrow(new TypeError('checkProperty has no parameter runs; its parameters are seed, numRuns, path'));
  });

  it('replayFailure refuses a record that is not a failed verdict, saying what one contains', async () => {
    const property = getProperty(1).build(coreClientUnderTest('reference'));
    const contains = 'replayFailure: expected a failed verdict from checkProperty, with counterexample (the shrunk scenario) and ordering (the task ids of its interleaving); got';
    await expect(replayFailure(property, {} as never)).rejects.toThrow(new TypeError(`${contains} counterexample undefined and ordering undefined`));
    await expect(replayFailure(property, { counterexample: {} as never, ordering: [1] })).rejects.toThrow(`${contains} counterexample an object and ordering a list`);
  });

  it('refuses a client that is none and a discipline with a bound that is not a number', () => {
    expect(() => getProperty(1).build(undefined as never)).toThrow('build: expected a client under test ({ name, start(env, windows) }), got undefined');
    expect(() => getProperty(9).build(coreClientUnderTest('reference'), { discipline: { ...REFERENCE_DISCIPLINE, maxSettleMs: Number.NaN } })).toThrow('build: discipline.maxSettleMs: expected a number >= 0 (Infinity for no bound), got NaN');
  });

  it('says what start() should have returned', async () => {
    const verdict = await checkProperty(getProperty(1).build({ name: 'broken', start: () => undefined as never }), { seed: 1, numRuns: 1 });
    expect(verdict.violation).toBe('broken: start() returned undefined, expected an array of 1 window(s)');
  });

  it('a passing verdict carries no counterexample', async () => {
    const verdict = await checkProperty(getProperty(1).build(coreClientUnderTest('reference')), { seed: 1, numRuns: 20 });
    expect(verdict).toMatchObject({ failed: false, numRuns: 20, counterexample: null, ordering: null, violation: null });
    await expect(replayFailure(getProperty(1).build(coreClientUnderTest('reference')), verdict)).rejects.toThrow(/got a verdict that passed$/);
  });
});
