import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { whereInRun } from './run-scenario.ts';

describe('whereInRun', () => {
  const scenario = { steps: [{ kind: 'signIn' }, { kind: 'burst' }] } as unknown as Scenario;

  it('names the step a run stopped in, counted from 1', () => {
    expect(whereInRun(scenario, 0)).toBe('step 1 (signIn)');
    expect(whereInRun(scenario, 1)).toBe('step 2 (burst)');
  });

  it('says when every step had run: the run stopped in its final settle or checks, not in a step "3 (?)"', () => {
    expect(whereInRun(scenario, 2)).toBe('after step 2, the last (the final settle and checks)');
  });
});
