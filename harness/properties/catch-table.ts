/**
 * Which property catches which client variant: the fixed seeds the catch tests
 * use, the property each buggy preset is asserted to be caught by, and the full
 * preset × property table (as measured by `measureCatchTable`, printed in the README).
 */
import { PRESETS, type PresetName } from '../../electron-app/src/core/variants.ts';
import { getProperty, PROPERTIES, type PropertyId } from './catalog.ts';
import { checkProperty } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';

/** Twenty fixed seeds; every catch claim below holds for each of them. */
export const CATCH_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 20 }, (_, i) => 1_000 + i * 7_919));

/** Runs per seed: a catch must show up within this many generated scenarios. */
export const CATCH_RUNS = 100;

export type BuggyPresetName = Exclude<PresetName, 'reference'>;
/**
 * The buggy presets whose bug is in the core's refresh logic, which the properties run. `plaintext-fallback`'s and
 * `memory-only-tokens`' are in the main process's token storage, which the core reaches only through its
 * `TokenStore` port: built-in scenarios catch them (`keychain-unavailable`, `restart-after-days`), no property can.
 */
export type CoreBuggyPresetName = Exclude<BuggyPresetName, 'plaintext-fallback' | 'memory-only-tokens'>;

/** The property that demonstrates each core preset's bug (asserted for every seed). */
export const PRIMARY_CATCHER: Readonly<Record<CoreBuggyPresetName, PropertyId>> = Object.freeze({
  'recipe-as-written': 7,
  'no-single-flight': 1,
  'per-renderer-mutex': 7,
  'stale-401-refresh': 2,
  'clears-on-transient': 3,
  'no-backoff': 5,
  'drops-rotated-refresh': 6,
  'access-first-startup': 1,
  'late-refresh-resurrects': 8,
  'expires-per-caller': 4,
  'no-timeout': 9,
});

/**
 * Preset × property 1..9: in how many of the 20 seeds the property caught the preset
 * (CATCH_RUNS runs per seed). Regenerate with `measureCatchTable()` after changing a
 * property or a preset; `catch-table.test.ts` checks it still holds for the first seed.
 */
export const CATCH_TABLE: Readonly<Record<PresetName, readonly number[]>> = Object.freeze({
  'reference': [0, 0, 0, 0, 0, 0, 0, 0, 0],
  'recipe-as-written': [20, 20, 20, 20, 20, 20, 20, 20, 20],
  'no-single-flight': [20, 20, 20, 20, 20, 20, 20, 0, 0],
  'per-renderer-mutex': [0, 0, 20, 20, 0, 20, 20, 18, 0],
  'stale-401-refresh': [20, 20, 0, 0, 0, 0, 20, 0, 0],
  'clears-on-transient': [0, 0, 20, 0, 0, 20, 0, 0, 0],
  'no-backoff': [0, 0, 0, 0, 20, 0, 0, 0, 0],
  'drops-rotated-refresh': [20, 0, 0, 0, 0, 20, 20, 0, 0],
  'access-first-startup': [20, 0, 20, 20, 0, 20, 20, 20, 0],
  'late-refresh-resurrects': [0, 0, 0, 0, 0, 0, 0, 20, 0],
  'expires-per-caller': [0, 0, 0, 20, 0, 0, 0, 20, 0],
  'no-timeout': [0, 0, 20, 20, 20, 20, 0, 2, 20],
  'plaintext-fallback': [0, 0, 0, 0, 0, 0, 0, 0, 0],
  'memory-only-tokens': [0, 0, 0, 0, 0, 0, 0, 0, 0],
});

export async function measureCatches(preset: PresetName, property: PropertyId, seeds: readonly number[] = CATCH_SEEDS, numRuns = CATCH_RUNS): Promise<number> {
  const cut = coreClientUnderTest(preset);
  const { build } = getProperty(property);
  let caught = 0;
  for (const seed of seeds) if ((await checkProperty(build(cut), { seed, numRuns })).failed) caught++;
  return caught;
}

export async function measureCatchTable(seeds: readonly number[] = CATCH_SEEDS, numRuns = CATCH_RUNS): Promise<Record<PresetName, number[]>> {
  const table = {} as Record<PresetName, number[]>;
  for (const preset of PRESETS) {
    table[preset.name] = [];
    for (const property of PROPERTIES) table[preset.name].push(await measureCatches(preset.name, property.id, seeds, numRuns));
  }
  return table;
}

/** The README's markdown table: ✅ caught for every seed, · never, k/20 in between. */
export function formatCatchTable(table: Readonly<Record<PresetName, readonly number[]>>, seeds = CATCH_SEEDS.length): string {
  const header = `| preset | ${PROPERTIES.map((p) => `${p.id} ${p.key}`).join(' | ')} |`;
  const rule = `|---|${PROPERTIES.map(() => ':---:').join('|')}|`;
  const rows = PRESETS.map((preset) => {
    const cells = (table[preset.name] ?? []).map((n) => (n === seeds ? '✅' : n === 0 ? '·' : `${n}/${seeds}`));
    return `| \`${preset.name}\` | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
