import { describe, expect, it } from 'vitest';
import { checkCompleteRecord, describeValue, refuseUnknownKeys } from './caller-errors.ts';

describe('caller errors', () => {
  it('shows a value as a person wrote it: strings quoted, NaN and Infinity by name, objects by kind', () => {
    expect([NaN, Infinity, -Infinity, 3, '3', null, undefined, true, [1], [], {}, () => 1].map(describeValue)).toEqual([
      'NaN', 'Infinity', '-Infinity', '3', '"3"', 'null', 'undefined', 'true', 'a list', 'an empty list', 'an object', 'a function',
    ]);
  });

  it('names an unknown key with the known ones, and lets a key set to undefined through', () => {
    const words = { subject: 'checkProperty', noun: 'parameter', plural: 'parameters' };
    expect(() => refuseUnknownKeys({ runs: 0 }, ['seed', 'numRuns'], words)).toThrow(new TypeError('checkProperty has no parameter runs; its parameters are seed, numRuns'));
    expect(() => refuseUnknownKeys({ seed: 1, runs: undefined }, ['seed', 'numRuns'], words)).not.toThrow();
  });

  it('a complete record names what is missing, unknown or of the wrong kind', () => {
    const spec = { subject: 'limits', noun: 'limit', plural: 'limits', defaults: 'DEFAULT_LIMITS', expected: 'a number', accepts: (v: unknown) => typeof v === 'number' };
    expect(() => checkCompleteRecord({ a: 1 }, ['a', 'b'], spec)).toThrow('limits b is missing; to change some limits only, spread DEFAULT_LIMITS first');
    expect(() => checkCompleteRecord({ a: 1, b: NaN, c: 2 }, ['a', 'b'], spec)).toThrow('limits has no limit c; its limits are a, b');
    expect(() => checkCompleteRecord({ a: 1, b: '2' }, ['a', 'b'], spec)).toThrow('limits b must be a number, got "2"');
    expect(() => checkCompleteRecord(null, ['a'], spec)).toThrow('limits: expected an object like DEFAULT_LIMITS, got null');
  });
});
