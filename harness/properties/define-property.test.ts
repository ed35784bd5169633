import { describe, expect, it } from 'vitest';
import { getProperty } from './catalog.ts';
import { coreClientUnderTest } from './core-client.ts';
import { REFERENCE_DISCIPLINE } from './discipline.ts';
import { simIdpTarget } from './sim-target.ts';
import type { RetryDiscipline } from './types.ts';

const client = coreClientUnderTest('reference');

describe('build: refuses what the properties cannot judge, naming it, instead of reporting a property failure', () => {
  it('a discipline whose backoff floor is not a number (a missing return, NaN) would silently turn the backoff check off', () => {
    const forgotReturn = { ...REFERENCE_DISCIPLINE, minBackoffMs: (() => undefined) as unknown as RetryDiscipline['minBackoffMs'] };
    expect(() => getProperty(5).build(client, { discipline: forgotReturn })).toThrow(new TypeError('build: discipline.minBackoffMs(1): expected a number of ms >= 0, got undefined'));
    const nanLater: RetryDiscipline = { ...REFERENCE_DISCIPLINE, minBackoffMs: (n) => (n < 3 ? 500 * n : Number.NaN) };
    expect(() => getProperty(5).build(client, { discipline: nanLater })).toThrow('build: discipline.minBackoffMs(3): expected a number of ms >= 0, got NaN');
    expect(() => getProperty(5).build(client, { discipline: { ...REFERENCE_DISCIPLINE, requestTimeoutMs: '10000' as never } })).toThrow('build: discipline.requestTimeoutMs: expected a number >= 0 (Infinity for no bound), got "10000"');
  });

  it('a target without open() and an isSessionExpiredError that is not a function', () => {
    expect(() => getProperty(1).build(client, { target: {} as never })).toThrow(
      'build: target: expected an IdP target ({ name, open(clock, faults) }) such as simIdpTarget() or httpIdpTarget({ … }), got an object',
    );
    expect(() => getProperty(4).build({ ...client, isSessionExpiredError: true as never })).toThrow('build: client.isSessionExpiredError: expected a function (error) => boolean, got true');
  });

  it('an unknown option and options that are not an object', () => {
    expect(() => getProperty(5).build(client, { disciplin: REFERENCE_DISCIPLINE } as never)).toThrow('build has no option disciplin; its options are target, discipline');
    expect(() => getProperty(1).build(client, 'opts' as never)).toThrow('build: expected options { target?, discipline? }, got "opts"');
  });

  it('accepts the reference discipline, a target and a recogniser', () => {
    expect(() => getProperty(5).build({ ...client, isSessionExpiredError: () => false }, { discipline: REFERENCE_DISCIPLINE, target: simIdpTarget() })).not.toThrow();
  });
});
