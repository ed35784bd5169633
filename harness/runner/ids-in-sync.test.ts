import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../invariants/index.ts';
import { INVARIANT_IDS } from '../scenarios/scenario-schema.ts';

describe('invariant ids', () => {
  it('are the same in the scenario schema and the checker', () => {
    expect([...INVARIANT_IDS].sort()).toEqual(INVARIANTS.map((invariant) => invariant.id).sort());
  });
});
