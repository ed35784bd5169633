/**
 * The preset × property table in the README (CATCH_TABLE) still describes the
 * code: for the first fixed seed, every cell that is "always" is caught and
 * every cell that is "never" is not.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../electron-app/src/core/variants.ts';
import { PROPERTIES } from './catalog.ts';
import { CATCH_RUNS, CATCH_SEEDS, CATCH_TABLE, PRIMARY_CATCHER, formatCatchTable, measureCatches } from './catch-table.ts';

const seed = CATCH_SEEDS[0] as number;

describe('catch table (README)', () => {
  // The reference row is all "never"; reference.test.ts checks it with more runs and seeds.
  const buggy = PRESETS.filter((p) => p.name !== 'reference');
  it.each(buggy.map((p) => [p.name] as const))('row %s matches the code for the first seed', async (preset) => {
    const expected = CATCH_TABLE[preset];
    const observed: number[] = [];
    for (const property of PROPERTIES) observed.push(await measureCatches(preset, property.id, [seed], CATCH_RUNS));
    const always = expected.map((n) => n === CATCH_SEEDS.length);
    const never = expected.map((n) => n === 0);
    observed.forEach((caught, i) => {
      if (always[i]) expect(caught, `${preset} should be caught by property ${i + 1}`).toBe(1);
      if (never[i]) expect(caught, `${preset} should pass property ${i + 1}`).toBe(0);
    });
  });

  it('every buggy preset whose bug is in the core has at least one property that always catches it; the reference none', () => {
    for (const preset of PRESETS) {
      const always = CATCH_TABLE[preset.name].filter((n) => n === CATCH_SEEDS.length).length;
      if (preset.name in PRIMARY_CATCHER) expect(always, preset.name).toBeGreaterThan(0);
      else expect(always, preset.name).toBe(0);
    }
    // Only the reference and the presets whose bug is in the main process's storage are out of the properties' reach.
    expect(PRESETS.map((preset) => preset.name).filter((name) => !(name in PRIMARY_CATCHER))).toEqual(['reference', 'plaintext-fallback', 'memory-only-tokens']);
    expect(CATCH_TABLE.reference.every((n) => n === 0)).toBe(true);
  });

  it('renders as a markdown table with one row per preset', () => {
    const markdown = formatCatchTable(CATCH_TABLE);
    expect(markdown.split('\n')).toHaveLength(PRESETS.length + 2);
    expect(markdown).toContain('| `no-backoff` | · | · | · | · | ✅ | · | · | · | · |');
  });
});
