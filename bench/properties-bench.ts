/**
 * Speed of the property suite, in one run: how many runs per second property 1
 * (single-flight) makes against the simulated IdP (target >= 5,000/s), and the
 * wall time of the whole property suite (target < 20 s), both in-process and as
 * `vitest run` sees it. Prints figures only, never a token.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PRESETS } from '../electron-app/src/core/variants.ts';
import { CATCH_RUNS, CATCH_SEEDS, PRIMARY_CATCHER, type CoreBuggyPresetName } from '../harness/properties/catch-table.ts';
import { getProperty, PROPERTIES, type PropertyId } from '../harness/properties/catalog.ts';
import { checkProperty } from '../harness/properties/check.ts';
import { coreClientUnderTest } from '../harness/properties/core-client.ts';
import { singleFlightProperty } from '../harness/properties/single-flight.property.ts';

export interface PropertiesBenchResult {
  /** Property 1 against the simulated IdP, reference client: the best of five rounds (the least disturbed by other load). */
  property1RunsPerSecond: number;
  /** The median of the same rounds. */
  property1MedianRunsPerSecond: number;
  /** Wall time of the whole property suite: `vitest run harness/properties electron-app/src/core` in a child process (or in-process when vitest is skipped). */
  suiteWallMs: number;
  /** The same checks as the suite's property tests, in this process, without vitest's per-file overhead. */
  inProcessSuiteMs: number;
  rounds: readonly number[];
}

export interface PropertiesBenchOptions {
  /** Runs per round of property 1; default 2,000. */
  runsPerRound?: number;
  /** Also time the suite through vitest (default true). */
  viaVitest?: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function property1Round(runs: number, seed: number): Promise<number> {
  const property = singleFlightProperty(coreClientUnderTest('reference'));
  const started = performance.now();
  const verdict = await checkProperty(property, { seed, numRuns: runs });
  const elapsed = performance.now() - started;
  if (verdict.failed) throw new Error(`property 1 failed for the reference client (seed ${seed}); run the tests for the report`);
  return (runs / elapsed) * 1_000;
}

/** What reference.test.ts, variants-caught.test.ts and catch-table.test.ts check, run back to back. */
async function inProcessSuite(): Promise<number> {
  const started = performance.now();
  for (const property of PROPERTIES) {
    for (const seed of [1, 2]) await checkProperty(property.build(coreClientUnderTest('reference')), { seed, numRuns: 150 });
  }
  for (const [preset, id] of Object.entries(PRIMARY_CATCHER) as Array<[CoreBuggyPresetName, PropertyId]>) {
    const property = getProperty(id);
    for (const seed of CATCH_SEEDS) await checkProperty(property.build(coreClientUnderTest(preset)), { seed, numRuns: CATCH_RUNS });
  }
  for (const preset of PRESETS) {
    if (preset.name === 'reference') continue;
    for (const property of PROPERTIES) await checkProperty(property.build(coreClientUnderTest(preset.name)), { seed: CATCH_SEEDS[0] as number, numRuns: CATCH_RUNS });
  }
  return performance.now() - started;
}

function vitestSuite(): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', 'harness/properties', 'electron-app/src/core'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, CI: '1' },
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`the property suite failed under vitest (exit ${result.status}); run it for the report`);
  return elapsed;
}

export async function benchProperties(options: PropertiesBenchOptions = {}): Promise<PropertiesBenchResult> {
  const runs = options.runsPerRound ?? 2_000;
  await property1Round(500, 7); // warm-up: JIT and module caches
  const rounds: number[] = [];
  for (let i = 0; i < 5; i++) rounds.push(await property1Round(runs, 100 + i));
  const sorted = [...rounds].sort((a, b) => a - b);
  const inProcessSuiteMs = await inProcessSuite();
  const suiteWallMs = options.viaVitest === false ? inProcessSuiteMs : vitestSuite();
  return {
    property1RunsPerSecond: Math.round(sorted[sorted.length - 1] as number),
    property1MedianRunsPerSecond: Math.round(sorted[2] as number),
    suiteWallMs: Math.round(suiteWallMs),
    inProcessSuiteMs: Math.round(inProcessSuiteMs),
    rounds: rounds.map(Math.round),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchProperties();
  console.log('## Property suite\n');
  console.log('| measure | value | target |');
  console.log('|---|---:|---:|');
  console.log(`| property 1 runs/s, simulated IdP (best of ${result.rounds.join(' / ')}) | ${result.property1RunsPerSecond} | >= 5000 |`);
  console.log(`| property 1 runs/s, median | ${result.property1MedianRunsPerSecond} | |`);
  console.log(`| property suite wall time (vitest run) | ${(result.suiteWallMs / 1_000).toFixed(1)} s | < 20 s |`);
  console.log(`| same checks in-process | ${(result.inProcessSuiteMs / 1_000).toFixed(1)} s | |`);
}
