/**
 * The reference client satisfies all nine properties (issue 4, "Must show"),
 * against the simulated IdP, across several fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from './catalog.ts';
import { checkProperty, formatVerdict } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';

const SEEDS = [1, 2];
const RUNS = 150;

describe('reference client', () => {
  const cut = coreClientUnderTest('reference');
  it.each(PROPERTIES.map((p) => [p.id, p.title, p] as const))('satisfies property %i: %s', async (_id, _title, property) => {
    for (const seed of SEEDS) {
      const verdict = await checkProperty(property.build(cut), { seed, numRuns: RUNS });
      if (verdict.failed) console.log(formatVerdict(`reference, property ${property.id}`, verdict));
      expect(verdict.failed, `seed ${seed}`).toBe(false);
      expect(verdict.numRuns).toBe(RUNS);
    }
  });
});
