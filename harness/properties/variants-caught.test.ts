/**
 * Every buggy preset whose bug is in the core, recipe-as-written included, is
 * caught: for each of the 20 fixed seeds its demonstrating property fails, and
 * the shrunk counterexample is printed (in full, with the interleaving, for the
 * first seed). (`plaintext-fallback`'s bug is in the main process's storage:
 * catch-table.ts.)
 */
import { describe, expect, it } from 'vitest';
import { CATCH_RUNS, CATCH_SEEDS, PRIMARY_CATCHER, type CoreBuggyPresetName } from './catch-table.ts';
import { getProperty } from './catalog.ts';
import { checkProperty, formatVerdict } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';

const cases = (Object.keys(PRIMARY_CATCHER) as CoreBuggyPresetName[]).map((name) => {
  const property = getProperty(PRIMARY_CATCHER[name]);
  return [name, property.id, property.key, property] as const;
});

describe.each(cases)('client preset %s', (preset, _id, _key, property) => {
  const cut = coreClientUnderTest(preset);
  it.each(CATCH_SEEDS.map((seed, index) => [property.id, property.key, seed, index] as const))(
    'is caught by property %i (%s) with seed %i',
    async (_propertyId, _propertyKey, seed, index) => {
      const verdict = await checkProperty(property.build(cut), { seed, numRuns: CATCH_RUNS });
      if (verdict.failed && index === 0) console.log(formatVerdict(`${preset} caught by property ${property.id} (${property.key})`, verdict));
      else if (verdict.failed) {
        console.log(
          `${preset} caught by property ${property.id}, seed ${seed}, path ${verdict.path}: ${JSON.stringify(verdict.counterexample)} fc.schedulerFor(${JSON.stringify(verdict.ordering)}) — ${verdict.violation?.split('\n')[0]}`,
        );
      }
      expect(verdict.failed, `${preset} escaped property ${property.id} with seed ${seed}`).toBe(true);
      expect(verdict.counterexample).not.toBeNull();
      expect(verdict.schedulerReport).toMatch(/\[task \d+\]/);
    },
  );
});
